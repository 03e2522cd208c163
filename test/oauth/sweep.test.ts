import { describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/bootstrap.ts';
import { loadConfig } from '../../gateway/config.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput } from '../access/harness.ts';
import { approve, authorizeParams, connectedClient, mcpCall, oauthGateway, register, type OAuthGateway } from './harness.ts';

/**
 * What the OAuth server keeps is swept on the records' timer: codes, tokens
 * and markers past their expiry, the tokens of grants that are gone, people's
 * Rose Rocket tokens without a connection, and settings without an account.
 */

const DAY_MS = 86_400_000;
const oauthKeys = async (gw: OAuthGateway) => (await gw.records.store.keys('oauth')).filter((k) => !k.startsWith('oauth:client:')).sort();
const kinds = (keys: string[]) => [...new Set(keys.map((k) => k.split(':')[1]))].sort();

describe('the OAuth sweep', () => {
  it("removes an expired grant's code, tokens and markers, and keeps a live grant's", async () => {
    const gw = await oauthGateway();
    const expiring = await connectedClient(gw, { expiry: '1d' });
    const lasting = await connectedClient(gw);
    // A code approved and never redeemed.
    const { body: client } = await register(gw);
    await approve(gw, await authorizeParams(client.client_id));
    expect(kinds(await oauthKeys(gw))).toEqual(['access', 'code', 'code-used', 'refresh']);
    const before = await oauthKeys(gw);

    expect(await gw.sweep()).toEqual({ grants: 0, personTokens: 0, settings: 0 });
    expect(await oauthKeys(gw)).toEqual(before);

    gw.now.ms += 2 * DAY_MS;
    await gw.records.sweep(); // the records' pass purges the expired grant's MCP server, as on the timer
    const swept = await gw.sweep();
    // 3 codes, 2 used markers; both access tokens (an hour); the expired grant's refresh token.
    expect(swept).toEqual({ grants: 8, personTokens: 0, settings: 0 });
    const left = await oauthKeys(gw);
    expect(kinds(left)).toEqual(['refresh']);
    expect(left).toHaveLength(1);

    // The live grant's refresh token still works; the expired grant's is gone.
    const refresh = (refreshToken: string, clientId: string) =>
      gw.app.request('/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }),
      });
    expect((await refresh(lasting.tokens.refresh_token, lasting.client.client_id)).status).toBe(200);
    expect((await refresh(expiring.tokens.refresh_token, expiring.client.client_id)).status).toBe(400);
  });

  it('removes the tokens of a grant whose MCP server is gone before they expire', async () => {
    const gw = await oauthGateway();
    const { tokens } = await connectedClient(gw);
    const [grant] = await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID);
    // Gone without the OAuth server hearing of it (an account deleted, a crash between steps).
    await gw.records.mcpServers.delete(DEFAULT_ACCOUNT_ID, grant!.id);
    expect(kinds(await oauthKeys(gw))).toContain('refresh');
    expect((await gw.sweep()).grants).toBe(2);
    expect(kinds(await oauthKeys(gw))).toEqual(['code', 'code-used']);
    expect((await mcpCall(gw, tokens.access_token, 'tools/list')).response.status).toBe(401);
  });

  it("removes a person's Rose Rocket tokens without a connection, and a deleted account's sign-in setting", async () => {
    const gw = await oauthGateway();
    const other = await gw.records.accounts.create(accountInput(DEMO_ORG, 'Short-lived'));
    await gw.records.store.set('oauth:sign-in:' + other.id, { methods: ['read'], tags: [] });
    await gw.records.store.set('oauth:sign-in:' + DEFAULT_ACCOUNT_ID, { methods: ['read'], tags: [] });
    await gw.records.store.set('oauth:rose-rocket-user:mcp_gone', { sealed: 'sealed-tokens' });
    await gw.records.deleteAccount(other.id);
    expect(await gw.sweep()).toEqual({ grants: 0, personTokens: 1, settings: 1 });
    expect(await oauthKeys(gw)).toEqual([`oauth:sign-in:${DEFAULT_ACCOUNT_ID}`]);
  });
});

describe('the sweep timer of a started gateway', () => {
  it('runs the OAuth sweep with the records’ one', async () => {
    const store = createMemoryStore();
    const config = loadConfig({ PORT: '0', ENCRYPTION_KEY: 'a'.repeat(64), ADMIN_API_KEY: 'operator-key-0123456789abcdef' });
    const gateway = await startGateway(config, { log: () => {} }, { store, demoServer: 'none', sweepIntervalMs: 20 });
    try {
      const past = new Date(Date.now() - 1000).toISOString();
      await store.set('oauth:code:planted', { expires_at: past });
      await store.set('oauth:rose-rocket-user:mcp_gone', { sealed: 'sealed-tokens' });
      await expect.poll(() => store.keys('oauth'), { timeout: 3000 }).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});
