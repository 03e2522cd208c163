import { describe, expect, it } from 'vitest';
import { accessRefusal } from '../../gateway/mcp/endpoint.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import type { Store } from '../../gateway/store/store.ts';
import { accountInput, recordsOn as setup, SERVER_CONFIG as config } from './fixtures.ts';

/**
 * What an MCP server URL opens, through the records: a URL token (and, where
 * the server asks for one, an API token) to a session or a reason, and no
 * crash mid-write that leaves a URL opening what it should not. The records
 * themselves are in records.test.ts.
 */
describe('resolveMcpRequest', () => {
  async function withServer(requireApiToken: boolean) {
    const ctx = await setup();
    const account = await ctx.records.accounts.create(accountInput());
    const other = await ctx.records.accounts.create(accountInput({ name: 'Other' }));
    const created = await ctx.records.mcpServers.create(account.id, { name: 's', config: { ...config, require_api_token_auth: requireApiToken }, expires_at: null });
    return { ...ctx, account, other, ...created };
  }

  it('resolves a URL token to its server and its account credentials', async () => {
    const { records, token, server, account } = await withServer(false);
    const access = await records.resolveMcpRequest(token, undefined);
    expect(access).toEqual({ ok: true, server, account: { ...account, client_secret: 'very-secret-value-acme' } });
  });

  it('answers 401 for an unknown token', async () => {
    const { records } = await withServer(false);
    const access = await records.resolveMcpRequest('rrmcp_nope', undefined);
    expect(access.ok).toBe(false);
    if (access.ok) return;
    expect(access.reason).toBe('unknown_server');
    const response = accessRefusal(access.reason).getResponse();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="roserocket-mcp"/);
    expect(await response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'this MCP server URL is unknown, revoked or expired' });
  });

  it('with require_api_token_auth, wants a Bearer API token of the same account', async () => {
    const { records, token, account, other } = await withServer(true);
    const own = await records.apiTokens.create({ name: 'own', integrated_account_id: account.id });
    const foreign = await records.apiTokens.create({ name: 'foreign', integrated_account_id: other.id });
    const operator = await records.apiTokens.create({ name: 'operator', integrated_account_id: null });

    const reasons = async (authorization: string | undefined) => {
      const access = await records.resolveMcpRequest(token, authorization);
      return access.ok ? 'ok' : `${access.reason} ${accessRefusal(access.reason).getResponse().headers.get('www-authenticate')}`;
    };
    expect(await reasons(undefined)).toBe('api_token_missing Bearer realm="roserocket-mcp"');
    expect(await reasons('Basic abc')).toBe('api_token_missing Bearer realm="roserocket-mcp"');
    expect(await reasons('Bearer rrapi_wrong')).toBe('api_token_invalid Bearer realm="roserocket-mcp", error="invalid_token"');
    expect(await reasons(`Bearer ${foreign.token}`)).toMatch(/^api_token_invalid/);
    expect(await reasons(`Bearer ${operator.token}`)).toMatch(/^api_token_invalid/);
    expect(await reasons(`Bearer ${own.token}`)).toBe('ok');
    expect(await reasons(`bearer ${own.token}`)).toBe('ok');
    await records.apiTokens.delete(own.apiToken.id);
    expect(await reasons(`Bearer ${own.token}`)).toMatch(/^api_token_invalid/);
  });
});

describe('no half-written records', () => {
  /** A store that dies (throws, like a killed process) on its nth write. */
  function dyingStore(inner: Store, failOnWrite: number): Store {
    let writes = 0;
    const die = () => {
      if (++writes === failOnWrite) throw new Error('crash');
    };
    return {
      ...inner,
      async set(key, value) {
        die();
        return inner.set(key, value);
      },
      async setIfAbsent(key, value) {
        die();
        return inner.setIfAbsent(key, value);
      },
      async delete(key) {
        die();
        return inner.delete(key);
      },
    };
  }

  it('a crash between the index and the record of a create leaves nothing reachable', async () => {
    const inner = createMemoryStore();
    const { records: healthy } = await setup(inner);
    const account = await healthy.accounts.create(accountInput());
    const { records } = await setup(dyingStore(inner, 2));
    await expect(records.mcpServers.create(account.id, { name: 's', config, expires_at: null })).rejects.toThrow('crash');
    expect(await healthy.mcpServers.list(account.id)).toEqual([]);
    expect(await inner.keys('mcp:by-token')).toEqual([]);

    const { records: tokens } = await setup(dyingStore(inner, 2));
    await expect(tokens.apiTokens.create({ name: 't', integrated_account_id: null })).rejects.toThrow('crash');
    expect(await healthy.apiTokens.list()).toEqual([]);
  });

  it('a crash between the two deletes of a revocation leaves the server refused', async () => {
    const inner = createMemoryStore();
    const { records: healthy } = await setup(inner);
    const account = await healthy.accounts.create(accountInput());
    const { server, token } = await healthy.mcpServers.create(account.id, { name: 's', config, expires_at: null });
    const { records } = await setup(dyingStore(inner, 2));
    await expect(records.mcpServers.delete(account.id, server.id)).rejects.toThrow('crash');
    expect(await healthy.mcpServers.findByToken(token)).toBeNull();
    expect(await healthy.mcpServers.get(account.id, server.id)).toBeNull();
    expect(await healthy.mcpServers.list(account.id)).toEqual([]);
  });
});
