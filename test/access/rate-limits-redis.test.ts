import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_OAUTH_LIMITS } from '../../gateway/oauth/rate-limit.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { createRedisStore } from '../../gateway/store/redis.ts';
import { createMockRoseRocket, type MockRoseRocket } from '../../mock-roserocket/app.ts';
import { describeRedis, startRedisServer, type RedisServer } from '../store/redis-server.ts';
import { callTool, createServer, testGateway, type TestGateway } from './harness.ts';

/** A call that came back as a tool result that is not an error (a failed request has no result at all). */
const answeredOk = (answer: { result?: { isError?: boolean } }) => answer.result !== undefined && answer.result.isError !== true;

/**
 * The gateway's own rate limits over a real Redis: two instances behind a
 * load balancer share one store, so they share the count of a URL, an
 * account held after upstream's 429, and an address's OAuth requests.
 */
describeRedis('rate limits shared by two gateway instances over one Redis', () => {
  let redis: RedisServer;
  let mock: MockRoseRocket;
  let one: TestGateway;
  let two: TestGateway;
  /** Platform-model requests the mock received, from either instance. */
  const upstreamCalls: string[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    mock = createMockRoseRocket();
    const upstreamFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname.startsWith('/api/')) upstreamCalls.push(request.url);
      return mock.fetch(request);
    };
    one = await testGateway({ store: createRedisStore({ url: redis.url, prefix: 'rl-test' }), mock, upstreamFetch });
    two = await testGateway({ store: createRedisStore({ url: redis.url, prefix: 'rl-test' }), mock, upstreamFetch });
  });

  afterAll(async () => {
    await one?.records.store.close();
    await two?.records.store.close();
    await redis?.stop();
  });

  const boards = (gw: TestGateway, token: string) => callTool(gw, token, 'list_all_roserocket_boards', {});

  it("a URL's limit is counted once over both instances", async () => {
    const server = await createServer(one, DEFAULT_ACCOUNT_ID, { config: { rate_limit: { requests: 4, per_seconds: 60 } } });
    const before = upstreamCalls.length;
    const answers = [];
    // Alternating, as a load balancer would: each instance alone would allow 4.
    for (let i = 0; i < 8; i++) answers.push(await boards(i % 2 ? two : one, server.token));
    expect(answers.map((a) => a.result?.structuredContent.source ?? 'upstream')).toEqual([...Array(4).fill('upstream'), ...Array(4).fill('gateway')]);
    expect(upstreamCalls.length - before).toBe(4);
    // Counted in Redis under the store's namespace, beside the records, not among them.
    expect(await one.records.store.redis!.client.keys('rl-test-rl:url:4-60:*')).toEqual([`rl-test-rl:url:4-60:${server.id}`]);
  });

  it('an account held by one instance after an upstream 429 is held by the other, which sends nothing', async () => {
    const server = await createServer(one, DEFAULT_ACCOUNT_ID, { config: { rate_limit: null } });
    mock.control.configure({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'x-ratelimit-delta' } });
    try {
      expect(answeredOk(await boards(one, server.token))).toBe(true);
      expect((await boards(one, server.token)).result?.structuredContent).toMatchObject({ status: 429, ratelimit: { limit: 1, remaining: 0 } });
      const before = upstreamCalls.length;
      const held = await boards(two, server.token);
      expect(held.result?.structuredContent).toMatchObject({ status: 429, source: 'gateway', scope: 'account', ratelimit: { limit: 1, remaining: 0 } });
      expect(held.result?.structuredContent.retry_after).toBeGreaterThan(50);
      expect(held.response.headers.get('ratelimit-remaining')).toBe('0');
      expect(upstreamCalls.length).toBe(before);
    } finally {
      mock.control.configure({ rateLimit: null });
    }
  });

  it('the OAuth endpoints count an address once over both instances', async () => {
    const { points } = DEFAULT_OAUTH_LIMITS.token;
    const refusedGrant = (gw: TestGateway) =>
      gw.app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' });
    const statuses = [];
    for (let i = 0; i <= points; i++) statuses.push((await refusedGrant(i % 2 ? two : one)).status);
    // Each instance saw about half: alone, neither would have refused any.
    expect(statuses.slice(0, points).every((status) => status === 400)).toBe(true);
    expect(statuses[points]).toBe(429);
  });
});
