import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';

/**
 * The dashboard's changes that the browser tests do not click through: an MCP
 * server's expiry, and an account's API tokens. Each goes through the admin
 * API's own validation, so the page refuses what the API refuses.
 */

let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment();
});
afterAll(() => env?.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function session(): Promise<{ cookie: string; csrf: string }> {
  const signIn = await fetch(`${env.gatewayUrl}/ui/sign-in`, {
    method: 'POST',
    headers: { ...FORM, origin: env.gatewayUrl },
    body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    redirect: 'manual',
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${env.gatewayUrl}/ui`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

async function post(path: string, fields: Record<string, string>): Promise<Response> {
  const { cookie, csrf } = await session();
  return fetch(`${env.gatewayUrl}${path}`, {
    method: 'POST',
    headers: { ...FORM, cookie, origin: env.gatewayUrl },
    body: new URLSearchParams({ ...fields, csrf }).toString(),
  });
}

describe("an MCP server's rate limit, chosen in the Create MCP Server form", () => {
  const create = (name: string, fields: Record<string, string>) => post('/ui/accounts/default/mcp-servers', { name, methods: 'read', ...fields });
  const stored = async (name: string) => (await env.records.mcpServers.list('default')).find((s) => s.name === name);

  it("follows the gateway's default unless told, sets none or the URL's own, and refuses bad numbers with the admin API's reason, storing nothing", async () => {
    expect((await create('Rate default', {})).status).toBe(201);
    expect((await stored('Rate default'))?.config).not.toHaveProperty('rate_limit');

    expect((await create('Rate off', { rate_limit: 'off', rate_requests: '5' })).status).toBe(201);
    expect((await stored('Rate off'))?.config.rate_limit).toBeNull();

    const own = await create('Rate own', { rate_limit: 'custom', rate_requests: '30', rate_per_seconds: '10' });
    expect(own.status).toBe(201);
    expect(text(await own.text())).toContain('rate limit: 30 calls per 10 s');
    expect((await stored('Rate own'))?.config.rate_limit).toEqual({ requests: 30, per_seconds: 10 });

    for (const [fields, reason] of [
      [{ rate_requests: '0', rate_per_seconds: '10' }, /config\.rate_limit\.requests/],
      [{ rate_requests: '30', rate_per_seconds: '' }, /config\.rate_limit\.per_seconds: must be a whole number of seconds/],
      [{ rate_requests: 'many', rate_per_seconds: '10' }, /config\.rate_limit\.requests: must be a whole number of calls/],
      [{ rate_requests: '2.5', rate_per_seconds: '10' }, /config\.rate_limit\.requests: must be a whole number/],
    ] as const) {
      const refused = await create('Rate bad', { rate_limit: 'custom', ...fields });
      expect(refused.status).toBe(400);
      expect(text(await refused.text())).toMatch(reason);
    }
    expect(await stored('Rate bad')).toBeUndefined();
  });
});

describe("an MCP server's expiration date, changed in the page", () => {
  it('moves it, refuses one in the past with the admin API’s reason, and clears it', async () => {
    const { server } = await env.records.mcpServers.create('default', { name: 'Expiry', config: { methods: ['read'], tags: [], require_api_token_auth: false }, expires_at: null });
    const path = `/ui/accounts/default/mcp-servers/${server.id}/expiry`;
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z');

    const moved = await post(path, { expires_at: later });
    expect(moved.status).toBe(200);
    expect(text(await moved.text())).toContain('Expiration date saved.');
    expect((await env.records.mcpServers.get('default', server.id))?.expires_at).toBe(later);

    const past = await post(path, { expires_at: '2020-01-01T00:00:00.000Z' });
    expect(past.status).toBe(400);
    expect(text(await past.text())).toMatch(/expires_at: .*(future|ahead)/i);
    expect((await env.records.mcpServers.get('default', server.id))?.expires_at).toBe(later);

    const cleared = await post(path, { expires_at: '' });
    expect(cleared.status).toBe(200);
    expect((await env.records.mcpServers.get('default', server.id))?.expires_at).toBeNull();
  });
});

describe("an account's API tokens, in the page", () => {
  it('creates one shown once, then revokes it so it no longer verifies', async () => {
    const created = await post('/ui/accounts/default/api-tokens', { name: 'Claude Code' });
    expect(created.status).toBe(201);
    const token = /rrapi_[A-Za-z0-9_-]+/.exec(await created.text())?.[0];
    expect(token).toBeDefined();
    const record = await env.records.apiTokens.verify(token!);
    expect(record).toMatchObject({ name: 'Claude Code', integrated_account_id: 'default' });
    expect(await (await fetch(`${env.gatewayUrl}/ui/accounts/default/api-tokens`, { headers: { cookie: (await session()).cookie } })).text()).not.toContain(token!);

    const revoked = await post(`/ui/accounts/default/api-tokens/${record!.id}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(text(await revoked.text())).toContain('Revoked “Claude Code”.');
    expect(await env.records.apiTokens.verify(token!)).toBeNull();
  });

  it('refuses to revoke another account’s token from this account’s page', async () => {
    const other = await env.records.accounts.create({
      name: 'Other carrier',
      api_url: 'https://network.roserocket.com/api/v2/platformModel',
      auth_url: 'https://a.roserocket.com',
      client_id: 'c',
      client_secret: 's',
      org_id: '00000000-0000-4000-8000-000000000001',
      user_id: '00000000-0000-4000-8000-000000000002',
    });
    const { apiToken, token } = await env.records.apiTokens.create({ name: 'theirs', integrated_account_id: other.id });
    const refused = await post(`/ui/accounts/default/api-tokens/${apiToken.id}/revoke`, {});
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain('that API token belongs to another account');
    expect(await env.records.apiTokens.verify(token)).not.toBeNull();
  });
});
