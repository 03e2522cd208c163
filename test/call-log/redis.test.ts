import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCallLog, type CallRecord } from '../../gateway/call-log/call-log.ts';
import { createRedisStore } from '../../gateway/store/redis.ts';
import type { Store } from '../../gateway/store/store.ts';
import { describeRedis, REDIS_TESTS, startRedisServer, type RedisServer } from '../store/redis-server.ts';

/** Gateway instances behind a load balancer, each with its own connection to one Redis, see one call log. */

let redis: RedisServer;
const stores: Store[] = [];
const open = () => {
  const store = createRedisStore({ url: redis.url, prefix: 'calls' });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  if (REDIS_TESTS.run) redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.stop();
});

const call = (serverId: string, tool: string): CallRecord => ({
  accountId: 'acct',
  serverId,
  tool,
  outcome: 'ok',
  latencyMs: 5,
  upstreamStatus: 200,
  rateLimit: null,
  error: null,
  args: undefined,
});

describeRedis('the call log over a real Redis', () => {
  it('lists, on any instance, the calls every instance wrote', async () => {
    const first = createCallLog(open());
    const second = createCallLog(open());
    first.record(call('s1', 'from_first'));
    await first.flush();
    second.record(call('s1', 'from_second'));
    await second.flush();
    const reader = createCallLog(open());
    const { entries } = await reader.list({ accountId: 'acct', offset: 0, limit: 10 });
    expect(entries.map((e) => e.tool).sort()).toEqual(['from_first', 'from_second']);
  });
});
