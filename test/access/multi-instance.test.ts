import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisStore } from '../../gateway/store/redis.ts';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { describeRedis, startRedisServer, type RedisServer } from '../store/redis-server.ts';
import { callTool, createServer, testGateway, type TestGateway } from './harness.ts';
import { toolNames } from '../support/tool-names.ts';

/** Several gateway instances behind a load balancer, sharing one Redis. */
describeRedis('two gateway instances over one Redis', () => {
  let redis: RedisServer;
  let one: TestGateway;
  let two: TestGateway;

  beforeAll(async () => {
    redis = await startRedisServer();
    const mock = createMockRoseRocket();
    one = await testGateway({ store: createRedisStore({ url: redis.url, prefix: 'multi' }), mock });
    two = await testGateway({ store: createRedisStore({ url: redis.url, prefix: 'multi' }), mock });
  });

  afterAll(async () => {
    await one?.records.store.close();
    await two?.records.store.close();
    await redis?.stop();
  });

  const getErp = (gw: TestGateway, token: string) =>
    callTool(gw, token, 'get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' });

  it('a URL created through one instance works on the other', async () => {
    const server = await createServer(one, 'default', { config: { methods: ['read'] } });
    const { response, result } = await getErp(two, server.token);
    expect(response.status).toBe(200);
    expect(result!.structuredContent.externalId).toBe('ERP-992');
    // and the other instance applies the same filter
    const list = await two.rpc(server.token, 'tools/list', {});
    expect(list.body.result.tools.every((t: { annotations: { readOnlyHint: boolean } }) => t.annotations.readOnlyHint)).toBe(true);
  });

  it('revoked on one instance, it is refused by the other at once', async () => {
    const server = await createServer(two, 'default', {});
    expect((await getErp(one, server.token)).response.status).toBe(200);
    expect((await one.admin('DELETE', `/integrated-account/default/mcp/${server.id}`)).status).toBe(204);
    const { response } = await getErp(two, server.token);
    expect(response.status).toBe(401);
  });

  it('a filter changed on one instance applies on the other at the next call', async () => {
    const server = await createServer(one, 'default', {});
    expect((await two.rpc(server.token, 'tools/list', {})).body.result.tools.length).toBeGreaterThan(2);
    await one.admin('PATCH', `/integrated-account/default/mcp/${server.id}`, { config: { tags: ['events'] } });
    const names = (await two.rpc(server.token, 'tools/list', {})).body.result.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(toolNames({ tag: 'events' }));
  });
});
