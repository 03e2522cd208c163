import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsStore } from '../../gateway/store/fs.ts';
import { createRedisStore } from '../../gateway/store/redis.ts';
import type { Store } from '../../gateway/store/store.ts';
import { createRecords } from '../../gateway/records/index.ts';
import { accountInput, ENCRYPTION_KEY } from '../store/fixtures.ts';
import { describeRedis, REDIS_TESTS, startRedisServer, type RedisServer } from '../store/redis-server.ts';
import { adminHarness, type Harness } from './harness.ts';
import { accessRefusal } from '../../gateway/mcp/endpoint.ts';

let redis: RedisServer;
const stores: Store[] = [];
let prefixes = 0;

/** A fresh namespace on the shared Redis, and a way to open more store instances over it. */
function redisNamespace() {
  const prefix = `multi${++prefixes}`;
  return () => {
    const store = createRedisStore({ url: redis.url, prefix });
    stores.push(store);
    return store;
  };
}

async function createServer(harness: Harness, accountId: string, body: unknown) {
  const response = await harness.call('POST', `/integrated-account/${accountId}/mcp`, { body });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; token: string };
}

const statusOf = async (harness: Harness, token: string, authorization?: string) => {
  const access = await harness.records.resolveMcpRequest(token, authorization);
  return access.ok ? 200 : accessRefusal(access.reason).status;
};

beforeAll(async () => {
  if (REDIS_TESTS.run) redis = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.stop();
});

describeRedis('two gateway instances over one Redis', () => {
  it('a server created through one is served by the other, and revoked on one is refused by the other at once', async () => {
    const open = redisNamespace();
    const a = await adminHarness(open());
    const b = await adminHarness(open());
    const accountId = await a.createAccount();
    const server = await createServer(a, accountId, { name: 'shared', config: { methods: ['read'] } });

    expect(await statusOf(b, server.token)).toBe(200);
    const resolved = await b.records.resolveMcpRequest(server.token, undefined);
    expect(resolved.ok && resolved.account.client_secret).toBe(accountInput().client_secret);
    expect((await b.call('GET', `/integrated-account/${accountId}/mcp/${server.id}`)).status).toBe(200);

    expect((await a.call('DELETE', `/integrated-account/${accountId}/mcp/${server.id}`)).status).toBe(204);
    expect(await statusOf(b, server.token)).toBe(401);
    expect((await b.call('GET', `/integrated-account/${accountId}/mcp/${server.id}`)).status).toBe(404);
  });

  it('a change on one (PATCH, API token revocation) is what the other enforces next', async () => {
    const open = redisNamespace();
    const a = await adminHarness(open());
    const b = await adminHarness(open());
    const accountId = await a.createAccount();
    const server = await createServer(a, accountId, { name: 'guarded' });
    expect(await statusOf(b, server.token)).toBe(200);

    expect((await b.call('PATCH', `/integrated-account/${accountId}/mcp/${server.id}`, { body: { config: { require_api_token_auth: true } } })).status).toBe(200);
    expect(await statusOf(a, server.token)).toBe(401);

    const created = await b.call('POST', '/api-token', { body: { name: 'cred', integrated_account_id: accountId } });
    const apiToken = (await created.json()) as { id: string; token: string };
    expect(await statusOf(a, server.token, `Bearer ${apiToken.token}`)).toBe(200);
    expect((await a.call('DELETE', `/api-token/${apiToken.id}`)).status).toBe(204);
    expect(await statusOf(b, server.token, `Bearer ${apiToken.token}`)).toBe(401);
  });

  it('the admin token generated at first start is made once, whichever instance starts first', async () => {
    const open = redisNamespace();
    const [a, b] = [open(), open()];
    const records = await Promise.all([a, b].map((store) => createRecords({ store, encryptionKey: ENCRYPTION_KEY })));
    const generated = await Promise.all(records.map((r) => r.apiTokens.ensureAdminToken()));
    expect(generated.filter(Boolean)).toHaveLength(1);
  });
});

describeRedis('restart keeps everything', () => {
  async function roundTrip(open: () => Store | Promise<Store>) {
    const first = await adminHarness(await open());
    const accountId = await first.createAccount();
    const server = await createServer(first, accountId, { name: 'durable', config: { require_api_token_auth: true }, expires_at: '2030-06-01T00:00:00Z' });
    const apiToken = (await (await first.call('POST', '/api-token', { body: { name: 'cred', integrated_account_id: accountId } })).json()) as { token: string };
    await first.store.close();

    const second = await adminHarness(await open());
    // The operator token of the first life still opens the admin API.
    const list = await second.call('GET', `/integrated-account/${accountId}/mcp`, { token: first.adminToken });
    expect(((await list.json()) as { result: Array<{ id: string; expires_at: string }> }).result).toEqual([
      expect.objectContaining({ id: server.id, expires_at: '2030-06-01T00:00:00.000Z' }),
    ]);
    expect(await statusOf(second, server.token, `Bearer ${apiToken.token}`)).toBe(200);
    expect((await second.records.accounts.credentials(accountId))?.client_secret).toBe(accountInput().client_secret);
  }

  it('over Redis', async () => {
    await roundTrip(redisNamespace());
  });

  it('over the data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-restart-'));
    try {
      await roundTrip(async () => {
        const store = await createFsStore({ dir });
        stores.push(store);
        return store;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
