import { describe, expect, it } from 'vitest';
import { adminHarness, envelope, type Harness } from './harness.ts';
import { accessRefusal } from '../../gateway/mcp/endpoint.ts';

const IN_ONE_DAY = '2030-01-02T00:00:00Z';

interface CreatedServer {
  id: string;
  name: string;
  integrated_account_id: string;
  config: { methods: string[]; tags: string[]; require_api_token_auth: boolean };
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  token: string;
  url: string;
}

async function withAccount() {
  const harness = await adminHarness();
  const accountId = await harness.createAccount();
  const create = async (body: unknown) => harness.call('POST', `/integrated-account/${accountId}/mcp`, { body });
  const createOk = async (body: unknown) => {
    const response = await create(body);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as CreatedServer;
  };
  const path = (id: string) => `/integrated-account/${accountId}/mcp/${id}`;
  return { ...harness, accountId, create, createOk, path };
}

async function message(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  return (await envelope(response)).message;
}

describe('POST /integrated-account/:id/mcp', () => {
  it('answers the record with its token and URL, once', async () => {
    const { createOk, accountId, call, path, store } = await withAccount();
    const server = await createOk({ name: 'Dispatch events', config: { methods: ['read', 'read'], tags: ['events'], require_api_token_auth: false }, expires_at: '2030-01-02T02:00:00+02:00' });
    expect(server).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      name: 'Dispatch events',
      integrated_account_id: accountId,
      config: { methods: ['read'], tags: ['events'], require_api_token_auth: false },
      expires_at: '2030-01-02T00:00:00.000Z',
      created_at: '2030-01-01T00:00:00.000Z',
      updated_at: '2030-01-01T00:00:00.000Z',
      token: expect.stringMatching(/^rrmcp_[A-Za-z0-9_-]{43}$/),
      url: `https://gateway.example.test/mcp/${server.token}`,
    });

    const { token: _token, url: _url, ...record } = server;
    const reads = [await call('GET', `/integrated-account/${accountId}/mcp`), await call('GET', path(server.id)), await call('PATCH', path(server.id), { body: { name: 'Renamed' } })];
    for (const response of reads) {
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(text).not.toContain(server.token);
      expect(text).not.toMatch(/"(token|url|token_hash)"/);
    }
    expect(JSON.parse(await (await call('GET', `/integrated-account/${accountId}/mcp`)).text())).toEqual({
      result: [{ ...record, name: 'Renamed' }],
    });
    // Only the hash is stored.
    const stored = await Promise.all((await store.keys('mcp')).map((key) => store.get(key)));
    expect(JSON.stringify(stored)).not.toContain(server.token);
  });

  it('defaults to every tool, no second credential and no expiry', async () => {
    const { createOk } = await withAccount();
    const server = await createOk({ name: 'Everything' });
    expect(server.config).toEqual({ methods: [], tags: [], require_api_token_auth: false });
    expect(server.expires_at).toBeNull();
  });

  it('accepts every method selector of the catalogue and every tag', async () => {
    const { createOk } = await withAccount();
    for (const methods of [['read'], ['write'], ['custom'], ['list'], ['create'], ['search'], ['read', 'write']]) await createOk({ name: 'm', config: { methods } });
    for (const tags of [['events'], ['boards'], ['user_groups'], ['admin'], ['logistics', 'boards']]) await createOk({ name: 't', config: { tags } });
  });

  it.each<[string, unknown, string]>([
    ['name missing', { config: {} }, 'name: is required'],
    ['name blank', { name: ' ' }, 'name: must not be empty'],
    ['name not a string', { name: 12 }, 'name: must be a string, got a number'],
    ['unknown method', { name: 'x', config: { methods: ['reed'] } }, 'config.methods[0]: must be one of read, write, custom, list, create, search (got "reed")'],
    ['methods not an array', { name: 'x', config: { methods: 'read' } }, 'config.methods: must be an array, got a string'],
    ['unknown tag', { name: 'x', config: { tags: ['events', 'trucks'] } }, 'config.tags[1]: must be one of objects, external_ids, boards, events, user_groups, logistics, admin (got "trucks")'],
    ['unknown config key', { name: 'x', config: { methods: ['read'], readonly: true } }, 'config.readonly: is not a known field'],
    ['config not an object', { name: 'x', config: 'read' }, 'config: must be an object, got a string'],
    ['require_api_token_auth not boolean', { name: 'x', config: { require_api_token_auth: 'yes' } }, 'config.require_api_token_auth: must be a boolean (true or false), got a string'],
    ['unknown top-level key', { name: 'x', token: 'mine' }, 'token: is not a known field'],
    ['expires_at in the past', { name: 'x', expires_at: '2029-12-31T23:00:00Z' }, 'expires_at: is in the past; it must be at least 60 seconds in the future (or null)'],
    ['expires_at too soon', { name: 'x', expires_at: '2030-01-01T00:00:30Z' }, 'expires_at: is only 30 s ahead; it must be at least 60 seconds in the future (or null)'],
    ['expires_at not ISO', { name: 'x', expires_at: 'tomorrow' }, 'expires_at: must be an ISO 8601 date-time with a time zone, e.g. 2030-01-31T18:00:00Z (got "tomorrow")'],
    ['expires_at without zone', { name: 'x', expires_at: '2030-01-02T00:00:00' }, 'expires_at: must be an ISO 8601 date-time with a time zone, e.g. 2030-01-31T18:00:00Z (got "2030-01-02T00:00:00")'],
    ['expires_at a number', { name: 'x', expires_at: 1893456000000 }, 'expires_at: must be an ISO 8601 date-time string or null, got a number'],
    ['filters that match no tool', { name: 'x', config: { methods: ['custom'], tags: ['boards'] } }, 'config: methods [custom] with tags [boards] match no tool; widen methods or tags'],
    ['write filter on a read-only tag', { name: 'x', config: { methods: ['write'], tags: ['user_groups'] } }, 'config: methods [write] with tags [user_groups] match no tool; widen methods or tags'],
  ])('rejects %s with a 400 naming the field', async (_case, body, expected) => {
    const { create, records, accountId } = await withAccount();
    expect(await message(await create(body), 400)).toBe(expected);
    expect(await records.mcpServers.list(accountId)).toEqual([]);
  });

  it('accepts expires_at exactly 60 s ahead', async () => {
    const { createOk } = await withAccount();
    expect((await createOk({ name: 'x', expires_at: '2030-01-01T00:01:00Z' })).expires_at).toBe('2030-01-01T00:01:00.000Z');
  });

  it('answers 404 for an unknown account', async () => {
    const { call } = await withAccount();
    expect(await message(await call('POST', '/integrated-account/nope/mcp', { body: { name: 'x' } }), 404)).toBe('no integrated account with id "nope"');
    expect((await call('GET', '/integrated-account/nope/mcp')).status).toBe(404);
  });
});

describe('GET, PATCH, DELETE /integrated-account/:id/mcp/:mcpId', () => {
  it('answers 404 for an unknown server, or one of another account', async () => {
    const { call, createOk, createAccount, path } = await withAccount();
    const server = await createOk({ name: 'mine' });
    const otherAccount = await createAccount({ name: 'Other' });
    for (const [method, body] of [['GET'], ['PATCH', { name: 'y' }], ['DELETE']] as const) {
      expect(await message(await call(method, path('missing'), { body }), 404)).toBe('no MCP server with id "missing" in this integrated account');
      expect((await call(method, `/integrated-account/${otherAccount}/mcp/${server.id}`, { body })).status).toBe(404);
    }
    expect((await call('GET', path(server.id))).status).toBe(200);
  });

  it('PATCH renames, merges a partial config, moves and clears expires_at', async () => {
    const { call, createOk, path, clock } = await withAccount();
    const server = await createOk({ name: 'a', config: { methods: ['read'], tags: ['events'] }, expires_at: IN_ONE_DAY });
    clock.advance(5_000);
    const patch = async (body: unknown) => {
      const response = await call('PATCH', path(server.id), { body });
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as CreatedServer;
    };
    expect(await patch({ name: 'b' })).toMatchObject({ name: 'b', config: server.config, expires_at: '2030-01-02T00:00:00.000Z', updated_at: '2030-01-01T00:00:05.000Z', created_at: server.created_at });
    expect((await patch({ config: { tags: ['boards', 'events'] } })).config).toEqual({ methods: ['read'], tags: ['boards', 'events'], require_api_token_auth: false });
    expect((await patch({ config: { require_api_token_auth: true } })).config).toEqual({ methods: ['read'], tags: ['boards', 'events'], require_api_token_auth: true });
    expect((await patch({ expires_at: '2030-02-01T00:00:00Z' })).expires_at).toBe('2030-02-01T00:00:00.000Z');
    expect((await patch({ expires_at: null })).expires_at).toBeNull();
    expect(await (await call('GET', path(server.id))).json()).toMatchObject({ name: 'b', expires_at: null, config: { tags: ['boards', 'events'], require_api_token_auth: true } });
  });

  it.each<[string, unknown, string]>([
    ['an empty patch', {}, 'body: give at least one of name, config, expires_at'],
    ['a blank name', { name: '' }, 'name: must not be empty'],
    ['an unknown config key', { config: { filter: 'x' } }, 'config.filter: is not a known field'],
    ['an unknown method', { config: { methods: ['delete_all'] } }, 'config.methods[0]: must be one of read, write, custom, list, create, search (got "delete_all")'],
    ['a merged config that matches no tool', { config: { methods: ['write'] } }, 'config: methods [write] with tags [boards] match no tool; widen methods or tags'],
    ['a past expiry', { expires_at: '2020-01-01T00:00:00Z' }, 'expires_at: is in the past; it must be at least 60 seconds in the future (or null)'],
    ['an unknown field', { id: 'other' }, 'id: is not a known field'],
  ])('PATCH rejects %s and leaves the record as it was', async (_case, body, expected) => {
    const { call, createOk, path } = await withAccount();
    const server = await createOk({ name: 'a', config: { methods: ['read'], tags: ['boards'] }, expires_at: IN_ONE_DAY });
    expect(await message(await call('PATCH', path(server.id), { body }), 400)).toBe(expected);
    const { token: _t, url: _u, ...record } = server;
    expect(await (await call('GET', path(server.id))).json()).toEqual(record);
  });

  it('DELETE revokes at once: the URL answers 401 and the record is gone', async () => {
    const { call, createOk, path, records } = await withAccount();
    const server = await createOk({ name: 'a' });
    expect((await records.resolveMcpRequest(server.token, undefined)).ok).toBe(true);
    expect((await call('DELETE', path(server.id))).status).toBe(204);
    const access = await records.resolveMcpRequest(server.token, undefined);
    expect(access.ok ? 200 : accessRefusal(access.reason).status).toBe(401);
    expect((await call('GET', path(server.id))).status).toBe(404);
    expect((await call('DELETE', path(server.id))).status).toBe(404);
  });
});

describe('expiry', () => {
  async function expiring(harness: Awaited<ReturnType<typeof withAccount>>) {
    return harness.createOk({ name: 'short-lived', expires_at: '2030-01-01T00:02:00Z' });
  }

  it('after expires_at the URL answers 401 and the record is purged', async () => {
    const harness = await withAccount();
    const server = await expiring(harness);
    harness.clock.advance(119_000);
    expect((await harness.records.resolveMcpRequest(server.token, undefined)).ok).toBe(true);
    harness.clock.advance(1_000);
    const access = await harness.records.resolveMcpRequest(server.token, undefined);
    expect(access.ok).toBe(false);
    if (!access.ok) {
      const response = accessRefusal(access.reason).getResponse();
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
    expect(await harness.store.keys('mcp')).toEqual([]);
    expect((await harness.call('GET', harness.path(server.id))).status).toBe(404);
  });

  it('an expired server disappears from the admin API even before anyone uses its URL', async () => {
    const harness = await withAccount();
    const server = await expiring(harness);
    harness.clock.advance(120_000);
    expect(await (await harness.call('GET', `/integrated-account/${harness.accountId}/mcp`)).json()).toEqual({ result: [] });
    expect((await harness.call('PATCH', harness.path(server.id), { body: { expires_at: null } })).status).toBe(404);
  });

  it('the sweep purges expired servers nobody touches', async () => {
    const harness = await withAccount();
    await expiring(harness);
    const kept = await harness.createOk({ name: 'kept' });
    harness.clock.advance(120_000);
    expect((await harness.records.sweep()).mcpServers).toBe(1);
    expect(await harness.store.keys('mcp:by-token')).toHaveLength(1);
    expect((await harness.records.resolveMcpRequest(kept.token, undefined)).ok).toBe(true);
  });
});

describe('require_api_token_auth through the API', () => {
  it('the URL then needs a Bearer API token of the same account', async () => {
    const harness: Harness & { createOk: (b: unknown) => Promise<CreatedServer>; accountId: string } = await withAccount();
    const { call, createOk, accountId, createAccount, records } = harness;
    const server = await createOk({ name: 'guarded', config: { require_api_token_auth: true } });
    const own = (await (await call('POST', '/api-token', { body: { name: 'own', integrated_account_id: accountId } })).json()) as { token: string };
    const other = await createAccount({ name: 'B' });
    const foreign = (await (await call('POST', '/api-token', { body: { name: 'foreign', integrated_account_id: other } })).json()) as { token: string };

    const status = async (authorization?: string) => {
      const access = await records.resolveMcpRequest(server.token, authorization);
      return access.ok ? 200 : accessRefusal(access.reason).status;
    };
    expect(await status()).toBe(401);
    expect(await status(`Bearer ${foreign.token}`)).toBe(401);
    expect(await status(`Bearer ${harness.adminToken}`)).toBe(401);
    expect(await status(`Bearer ${own.token}`)).toBe(200);
  });
});
