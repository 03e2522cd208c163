import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../gateway/crypto.ts';
import { userTokenSource, userTokenStore, type RoseRocketTokens } from '../../gateway/oauth/user-tokens.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { createRedisStore } from '../../gateway/store/redis.ts';
import type { Store } from '../../gateway/store/store.ts';
import { fetchSend } from '../../gateway/upstream/transport.ts';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { ENCRYPTION_KEY } from '../store/fixtures.ts';
import { ADMIN_KEY, mcpCall, oauthGateway, signInAs, type OAuthGateway } from './harness.ts';
import { describeRedis, REDIS_TESTS, startRedisServer, type RedisServer } from '../store/redis-server.ts';

/**
 * A person's Rose Rocket tokens are refreshed by one instance at a time, on
 * any number of gateway instances sharing the store: each instance here has
 * its own store connection and its own token source, as separate processes
 * would, and the mock Rose Rocket counts the refresh calls it gets. With
 * rotating refresh tokens, a second refresh of the same token would fail or
 * revoke the first one's.
 */

const AUTH_URL = 'https://mock.roserocket.test';
const SERVER_ID = 'mcp_person';
const CLIENT = { clientId: DEMO_ORG.clientId, clientSecret: DEMO_ORG.clientSecret, orgId: DEMO_ORG.orgId };

let redis: RedisServer;
const stores: Store[] = [];
let namespaces = 0;

beforeAll(async () => {
  if (REDIS_TESTS.run) redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.stop();
});

/** The mock, and a sender to it that counts the refresh grants it carries. */
function countingRoseRocket() {
  const mock = createMockRoseRocket();
  const refreshes: string[] = [];
  const send = fetchSend(async (request) => {
    const body = request.method === 'POST' ? await request.clone().text() : '';
    if (body.includes('"refresh_token"')) refreshes.push(JSON.parse(body).refresh_token);
    return mock.fetch(request);
  });
  return { mock, send, refreshes };
}

/** Signed in once: the pair Rose Rocket gave, stored as the sign-in would; past its expiry unless `expiresAt` says otherwise. */
async function signedIn(mock: ReturnType<typeof createMockRoseRocket>, store: Store, expiresAt = Date.now() - 1): Promise<RoseRocketTokens> {
  const answer = await mock.fetch(
    new Request(`${AUTH_URL}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, audience: 'https://roserocket.com', org_id: DEMO_ORG.orgId, user_id: DEMO_ORG.userId }),
    }),
  );
  const body = (await answer.json()) as { access_token: string; refresh_token: string };
  const tokens = { access_token: body.access_token, refresh_token: body.refresh_token, expires_at: expiresAt };
  await userTokenStore(store, await createSecretBox(ENCRYPTION_KEY)).save(SERVER_ID, tokens);
  return tokens;
}

/** One gateway instance's token source for the person, over its own store connection. */
async function instance(store: Store, send: ReturnType<typeof countingRoseRocket>['send'], timeoutMs = 5000) {
  const tokens = userTokenStore(store, await createSecretBox(ENCRYPTION_KEY));
  return { tokens, source: userTokenSource(tokens, SERVER_ID, CLIENT)({ authUrl: AUTH_URL, send, now: Date.now, timeoutMs }) };
}

const backends: Array<[string, () => () => Store]> = [
  ['one memory store', () => {
    const store = createMemoryStore();
    return () => store;
  }],
  ['one real Redis, a connection per instance', () => {
    const prefix = `person${++namespaces}`;
    return () => {
      const store = createRedisStore({ url: redis.url, prefix });
      stores.push(store);
      return store;
    };
  }],
];

for (const [name, backend] of backends) {
  (name.includes('Redis') ? describeRedis : describe)(`a person's Rose Rocket token, refreshed by two instances over ${name}`, () => {
    it('is refreshed once when both need it at the same moment, and both use the new token', async () => {
      const open = backend();
      const rr = countingRoseRocket();
      const first = await signedIn(rr.mock, open());
      const [a, b] = await Promise.all([instance(open(), rr.send), instance(open(), rr.send)]);
      const [fromA, fromB] = await Promise.all([a.source.get(), b.source.get()]);
      expect(rr.refreshes).toEqual([first.refresh_token]);
      expect(fromA).toBe(fromB);
      expect(fromA).not.toBe(first.access_token);
      expect(await a.tokens.load(SERVER_ID)).toMatchObject({ version: 1, tokens: { access_token: fromA } });
    });

    it("an instance whose token Rose Rocket refused reads the other's refresh instead of refreshing again", async () => {
      const open = backend();
      const rr = countingRoseRocket();
      const first = await signedIn(rr.mock, open(), Date.now() + 3_600_000);
      const [a, b] = await Promise.all([instance(open(), rr.send), instance(open(), rr.send)]);
      // Both hold the signed-in token; Rose Rocket refuses it to a first, which refreshes.
      expect([await a.source.get(), await b.source.get()]).toEqual([first.access_token, first.access_token]);
      a.source.invalidate(first.access_token);
      const fresh = await a.source.get();
      expect(fresh).not.toBe(first.access_token);
      // Then to b, which finds a's refresh in the store.
      b.source.invalidate(first.access_token);
      expect(await b.source.get()).toBe(fresh);
      expect(rr.refreshes).toEqual([first.refresh_token]);
    });

    it('takes over a refresh whose instance died holding the claim', async () => {
      const open = backend();
      const rr = countingRoseRocket();
      const first = await signedIn(rr.mock, open());
      const dead = await instance(open(), rr.send);
      // An instance claimed the refresh of version 0 and was killed before it stored anything.
      expect(await dead.tokens.claimRefresh(SERVER_ID, 0, 0, Date.now() + 60_000)).toBe(true);
      const b = await instance(open(), rr.send, 200);
      const started = Date.now();
      const token = await b.source.get();
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(token).not.toBe(first.access_token);
      expect(rr.refreshes).toEqual([first.refresh_token]);
      expect(await b.tokens.load(SERVER_ID)).toMatchObject({ version: 1 });
    }, 15_000);

    it('does not bring back the tokens of a connection revoked during the refresh', async () => {
      const open = backend();
      const rr = countingRoseRocket();
      await signedIn(rr.mock, open());
      const store = open();
      const tokens = userTokenStore(store, await createSecretBox(ENCRYPTION_KEY));
      // Revoked while Rose Rocket answers the refresh.
      const send = fetchSend(async (request) => {
        await tokens.drop(SERVER_ID);
        return rr.mock.fetch(request);
      });
      const source = userTokenSource(tokens, SERVER_ID, CLIENT)({ authUrl: AUTH_URL, send, now: Date.now, timeoutMs: 5000 });
      await expect(source.get()).rejects.toThrow(/sign-in is gone/);
      expect(await tokens.load(SERVER_ID)).toBeNull();
    });
  });
}

describeRedis('two gateways on one real Redis, a person signed in at Rose Rocket', () => {
  it('call at once after Rose Rocket expired the person’s token: one refresh between them, and both calls work', async () => {
    const prefix = `gateways${++namespaces}`;
    const open = () => {
      const store = createRedisStore({ url: redis.url, prefix });
      stores.push(store);
      return store;
    };
    const mock = createMockRoseRocket();
    const a = await oauthGateway({ store: open(), mock });
    const b = await oauthGateway({ store: open(), mock });
    const setting = await a.app.request(`/integrated-account/${DEFAULT_ACCOUNT_ID}/oauth-sign-in`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ methods: ['read'] }),
    });
    expect(setting.status).toBe(200);
    const { access_token } = await signInAs(a, 'marcus.chen@demo-freight.example');
    const boards = (gw: OAuthGateway) => mcpCall(gw, access_token, 'tools/call', { name: 'list_all_roserocket_boards', arguments: {} });
    // Both instances have served the person with the token of the sign-in.
    for (const gw of [a, b]) expect((await boards(gw)).body.result.isError).toBeFalsy();
    const before = [...a.tokenGrants, ...b.tokenGrants];

    mock.control.expireTokens();
    const [fromA, fromB] = await Promise.all([boards(a), boards(b)]);
    expect([fromA.body.result.isError, fromB.body.result.isError]).toEqual([undefined, undefined]);
    expect([...a.tokenGrants, ...b.tokenGrants].slice(before.length).filter((g) => g === 'refresh_token')).toHaveLength(1);
  });
});
