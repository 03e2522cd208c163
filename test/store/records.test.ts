import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsStore } from '../../gateway/store/fs.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import type { Store } from '../../gateway/store/store.ts';
import { createRecords, DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { accountInput, recordsOn, SERVER_CONFIG } from './fixtures.ts';

const config = SERVER_CONFIG;
const setup = recordsOn;

async function storedText(store: Store): Promise<string> {
  const keys = await Promise.all(['account', 'mcp', 'api-token'].map((p) => store.keys(p)));
  const values = await Promise.all(keys.flat().map((k) => store.get(k)));
  return JSON.stringify(values);
}

describe('integrated accounts', () => {
  it('stores the secret sealed, never returns it, and opens it only for credentials', async () => {
    const { store, records } = await setup();
    const account = await records.accounts.create(accountInput());
    expect(account).toEqual({ ...accountInput({}), client_secret: undefined, id: account.id, created_at: '2030-01-01T00:00:00.000Z' });
    expect(account).not.toHaveProperty('client_secret');
    expect(await records.accounts.get(account.id)).toEqual(account);
    expect(await records.accounts.list()).toEqual([account]);
    expect((await records.accounts.credentials(account.id))?.client_secret).toBe('very-secret-value-acme');
    expect(await storedText(store)).not.toContain('very-secret-value-acme');
  });

  it('refuses to open secrets with another key', async () => {
    const { store, records } = await setup();
    const account = await records.accounts.create(accountInput());
    const other = await createRecords({ store, encryptionKey: Buffer.alloc(32, 1).toString('base64'), encryptionKeyName: 'GATEWAY_ENCRYPTION_KEY' });
    await expect(other.accounts.credentials(account.id)).rejects.toThrow(/GATEWAY_ENCRYPTION_KEY is not the one/);
  });

  it('ensureDefault upserts the default account and keeps its creation time', async () => {
    const { records, clock } = await setup();
    const first = await records.accounts.ensureDefault(accountInput({ name: 'Default' }));
    clock.advance(60_000);
    const second = await records.accounts.ensureDefault(accountInput({ name: 'Default', client_secret: 'rotated' }));
    expect(second.id).toBe(DEFAULT_ACCOUNT_ID);
    expect(second.created_at).toBe(first.created_at);
    expect((await records.accounts.credentials(DEFAULT_ACCOUNT_ID))?.client_secret).toBe('rotated');
    expect(await records.accounts.list()).toHaveLength(1);
  });

  it('over the fs store, hands out one frozen set of credentials while the record is unchanged, and the new one after a change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-credentials-'));
    try {
      const { records } = await setup(await createFsStore({ dir }));
      await records.accounts.ensureDefault(accountInput({ name: 'Default' }));
      const first = await records.accounts.credentials(DEFAULT_ACCOUNT_ID);
      expect(await records.accounts.credentials(DEFAULT_ACCOUNT_ID)).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      await records.accounts.ensureDefault(accountInput({ name: 'Default', client_secret: 'rotated' }));
      const second = await records.accounts.credentials(DEFAULT_ACCOUNT_ID);
      expect(second?.client_secret).toBe('rotated');
      expect(first?.client_secret).toBe(accountInput().client_secret);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ensureDefault writes nothing when the settings are unchanged, and writes a change of any of them', async () => {
    const { store, records } = await setup();
    await records.accounts.ensureDefault(accountInput({ name: 'Default' }));
    const set = vi.spyOn(store, 'set');
    await records.accounts.ensureDefault(accountInput({ name: 'Default' }));
    expect(set).not.toHaveBeenCalled();
    await records.accounts.ensureDefault(accountInput({ name: 'Default', org_id: 'another-org' }));
    expect(set).toHaveBeenCalledTimes(1);
    await records.accounts.ensureDefault(accountInput({ name: 'Default', org_id: 'another-org', client_secret: 'rotated' }));
    expect(set).toHaveBeenCalledTimes(2);
    expect((await records.accounts.credentials(DEFAULT_ACCOUNT_ID))?.client_secret).toBe('rotated');
  });

  it('deleteAccount revokes its servers and tokens at once', async () => {
    const { records } = await setup();
    const account = await records.accounts.create(accountInput());
    const { token } = await records.mcpServers.create(account.id, { name: 's', config, expires_at: null });
    const { token: apiToken } = await records.apiTokens.create({ name: 't', integrated_account_id: account.id });
    expect(await records.deleteAccount(account.id)).toBe(true);
    expect(await records.accounts.get(account.id)).toBeNull();
    expect((await records.resolveMcpRequest(token, undefined)).ok).toBe(false);
    expect(await records.apiTokens.verify(apiToken)).toBeNull();
    expect(await records.deleteAccount(account.id)).toBe(false);
  });
});

describe('MCP servers', () => {
  it('creates a server whose token is returned once and stored only as a hash', async () => {
    const { store, records } = await setup();
    const account = await records.accounts.create(accountInput());
    const { server, token } = await records.mcpServers.create(account.id, { name: 'Events only', config, expires_at: null });
    expect(token).toMatch(/^rrmcp_[A-Za-z0-9_-]{43}$/);
    expect(server).toEqual({
      id: server.id,
      name: 'Events only',
      integrated_account_id: account.id,
      config,
      expires_at: null,
      created_at: '2030-01-01T00:00:00.000Z',
      updated_at: '2030-01-01T00:00:00.000Z',
    });
    expect(await storedText(store)).not.toContain(token);
    expect(await records.mcpServers.findByToken(token)).toEqual(server);
    expect(await records.mcpServers.findByToken(`${token}x`)).toBeNull();
    expect(await records.mcpServers.get(account.id, server.id)).toEqual(server);
    expect(await records.mcpServers.get('another-account', server.id)).toBeNull();
    expect(await records.mcpServers.list(account.id)).toEqual([server]);
  });

  it('over the fs store, finds one frozen server by its token while the record is unchanged, and the new one after a change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-servers-'));
    try {
      const { records } = await setup(await createFsStore({ dir }));
      const account = await records.accounts.create(accountInput());
      const { server, token } = await records.mcpServers.create(account.id, { name: 'a', config, expires_at: null });
      const first = await records.mcpServers.findByToken(token);
      expect(first).toEqual(server);
      expect(await records.mcpServers.findByToken(token)).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(first).not.toHaveProperty('token_hash');
      await records.mcpServers.update(account.id, server.id, { name: 'b' });
      expect(await records.mcpServers.findByToken(token)).toMatchObject({ id: server.id, name: 'b' });
      expect(first?.name).toBe('a');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('updates name, config (merged) and expiry, and cannot resurrect a deleted server', async () => {
    const { records, clock } = await setup();
    const account = await records.accounts.create(accountInput());
    const { server, token } = await records.mcpServers.create(account.id, { name: 'a', config, expires_at: '2030-01-02T00:00:00.000Z' });
    clock.advance(1000);
    const updated = await records.mcpServers.update(account.id, server.id, { name: 'b', config: { require_api_token_auth: true }, expires_at: null });
    expect(updated).toMatchObject({ name: 'b', config: { ...config, require_api_token_auth: true }, expires_at: null, updated_at: '2030-01-01T00:00:01.000Z' });
    expect(await records.mcpServers.findByToken(token)).toEqual(updated);
    expect(await records.mcpServers.delete(account.id, server.id)).toBe(true);
    expect(await records.mcpServers.update(account.id, server.id, { name: 'c' })).toBeNull();
    expect(await records.mcpServers.findByToken(token)).toBeNull();
    expect(await records.mcpServers.delete(account.id, server.id)).toBe(false);
  });

  it('purges an expired server on lookup', async () => {
    const { store, records, clock } = await setup();
    const account = await records.accounts.create(accountInput());
    const { token } = await records.mcpServers.create(account.id, { name: 'a', config, expires_at: '2030-01-01T00:02:00.000Z' });
    clock.advance(119_000);
    expect(await records.mcpServers.findByToken(token)).not.toBeNull();
    clock.advance(1_000);
    expect(await records.mcpServers.findByToken(token)).toBeNull();
    expect(await store.keys('mcp')).toEqual([]);
  });

  it('sweeps expired servers, orphans of deleted accounts and old dangling indexes', async () => {
    const { store, records, clock } = await setup();
    const account = await records.accounts.create(accountInput());
    const keep = await records.mcpServers.create(account.id, { name: 'keep', config, expires_at: null });
    await records.mcpServers.create(account.id, { name: 'expires', config, expires_at: '2030-01-01T00:02:00.000Z' });
    // An orphan, as left by a crash in the middle of deleteAccount.
    const gone = await records.accounts.create(accountInput({ name: 'gone' }));
    await records.mcpServers.create(gone.id, { name: 'orphan', config, expires_at: null });
    await records.accounts.delete(gone.id);
    // A dangling index, as left by a crash between the index write and the record write.
    await store.set(`mcp:by-account:${account.id}:halfmade`, { token_hash: 'f'.repeat(64), created_at: new Date(clock.now()).toISOString() });

    clock.advance(120_000);
    expect(await records.sweep()).toEqual({ mcpServers: 2, apiTokens: 0 });
    expect(await records.mcpServers.list(account.id)).toEqual([keep.server]);
    // Young dangling index: maybe a create in flight, so it stays until the grace period is over.
    expect(await store.keys('mcp:by-account')).toHaveLength(2);
    clock.advance(5 * 60_000);
    await records.sweep();
    expect(await store.keys('mcp:by-account')).toEqual([`mcp:by-account:${account.id}:${keep.server.id}`]);
  });

  it('the periodic sweep runs on its interval until stopped', async () => {
    const { records, clock } = await setup();
    const account = await records.accounts.create(accountInput());
    const { server } = await records.mcpServers.create(account.id, { name: 'a', config, expires_at: '2030-01-01T00:02:00.000Z' });
    const keys = () => records.store.keys('mcp:by-token');
    clock.advance(180_000);
    const stop = records.startExpirySweep(10);
    await expect.poll(keys, { timeout: 2000 }).toEqual([]);
    stop();
    expect(await records.mcpServers.get(account.id, server.id)).toBeNull();
  });

  it('runs the other sweeps on the same timer, after the records’ pass, never two passes at once', async () => {
    const { records, clock } = await setup();
    const account = await records.accounts.create(accountInput());
    await records.mcpServers.create(account.id, { name: 'a', config, expires_at: '2030-01-01T00:02:00.000Z' });
    clock.advance(180_000);
    const steps: string[] = [];
    let running = 0;
    let most = 0;
    const slow = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      // What runs after the records' pass sees it done: the expired server is gone.
      steps.push(`${name}:${(await records.store.keys('mcp:by-token')).length}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
    };
    const failing = async () => {
      steps.push('failing');
      throw new Error('store down');
    };
    const errors: unknown[] = [];
    // The interval is far shorter than one pass: ticks during a pass are skipped, not stacked.
    const stop = records.startExpirySweep(5, (error) => errors.push(error), [failing, slow('oauth')]);
    await expect.poll(() => steps.length, { timeout: 2000 }).toBeGreaterThanOrEqual(4);
    stop();
    expect(steps.slice(0, 4)).toEqual(['failing', 'oauth:0', 'failing', 'oauth:0']);
    expect(most).toBe(1);
    // One sweep failing does not stop the ones after it.
    expect(errors[0]).toEqual(new Error('store down'));
  });
});

describe('API tokens', () => {
  it('creates, verifies, lists without values and revokes', async () => {
    const { store, records } = await setup();
    const { apiToken, token } = await records.apiTokens.create({ name: 'ci', integrated_account_id: null });
    expect(token).toMatch(/^rrapi_/);
    expect(apiToken).toEqual({ id: apiToken.id, name: 'ci', integrated_account_id: null, created_at: '2030-01-01T00:00:00.000Z', last4: token.slice(-4) });
    expect(await records.apiTokens.verify(token)).toEqual(apiToken);
    expect(await records.apiTokens.verify('rrapi_wrong')).toBeNull();
    expect(await records.apiTokens.verify('')).toBeNull();
    expect(await records.apiTokens.list()).toEqual([apiToken]);
    expect(await storedText(store)).not.toContain(token);
    expect(await records.apiTokens.delete(apiToken.id)).toBe(true);
    expect(await records.apiTokens.verify(token)).toBeNull();
    expect(await records.apiTokens.get(apiToken.id)).toBeNull();
  });

  it('generates the first operator token once, even when several instances start together', async () => {
    const store = createMemoryStore();
    const instances = await Promise.all([1, 2, 3].map(() => setup(store)));
    const generated = (await Promise.all(instances.map(({ records }) => records.apiTokens.ensureAdminToken()))).filter((g) => g !== null);
    expect(generated).toHaveLength(1);
    const { records } = instances[0]!;
    expect(await records.apiTokens.verify(generated[0]!.token)).toMatchObject({ integrated_account_id: null });
    expect(await records.apiTokens.ensureAdminToken()).toBeNull();
  });

  it('stores ADMIN_API_KEY, and a rotated key replaces the old one', async () => {
    const { records } = await setup();
    expect(await records.apiTokens.ensureAdminToken('first-admin-key-123')).toBeNull();
    expect(await records.apiTokens.verify('first-admin-key-123')).toMatchObject({ id: 'env-admin', integrated_account_id: null });
    await records.apiTokens.ensureAdminToken('second-admin-key-456');
    expect(await records.apiTokens.verify('first-admin-key-123')).toBeNull();
    expect(await records.apiTokens.verify('second-admin-key-456')).toMatchObject({ id: 'env-admin' });
    expect(await records.apiTokens.list()).toHaveLength(1);
    // With a key configured, nothing is generated.
    expect(await records.apiTokens.ensureAdminToken()).toBeNull();
    await expect(records.apiTokens.ensureAdminToken('short')).rejects.toThrow(/ADMIN_API_KEY must be 16/);
  });
});
