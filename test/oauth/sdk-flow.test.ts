import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { MOCK_USER_PASSWORD } from '../../mock-roserocket/auth-code.ts';
import { ADMIN_KEY, type OAuthGateway } from './harness.ts';
import { servedOAuthGateway, signInAccount, type ServedOAuth } from './served.ts';
import { connect, consentInBrowser, launchBrowser, MemoryProvider } from './sdk-client.ts';

/**
 * The official SDK's OAuth client, given only the gateway's `/mcp`, against
 * the gateway on a real port: discovery, registration (dynamic, and by client
 * ID metadata document), PKCE, the consent page filled in in Chromium, tokens,
 * tools, refresh, and revocation.
 */

let REDIRECT = '';
const DOC_URL = 'https://app.client.test/oauth/client.json';

let browser: Browser;
let page: Page;
let served: ServedOAuth;
let gw: OAuthGateway;
let server: { url: string };

beforeAll(async () => {
  served = await servedOAuthGateway();
  ({ gw } = served);
  server = { url: served.url };
  REDIRECT = served.redirect;
  gw.documents.set(DOC_URL, () =>
    Response.json({ client_id: DOC_URL, client_name: 'Document Client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
  );
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Connects as a fresh client would: 401, then authorization in the browser, then connected. */
async function authorizeAndConnect(provider: MemoryProvider, choose: { tags?: string[] } = {}) {
  const mcpUrl = `${server.url}/mcp`;
  const first = connect(mcpUrl, provider);
  await expect(first.connected).rejects.toBeInstanceOf(UnauthorizedError);
  expect(provider.authorizationUrl?.href).toMatch(new RegExp(`^${server.url}/oauth/authorize\\?`));
  expect(provider.authorizationUrl!.searchParams.get('code_challenge_method')).toBe('S256');
  expect(provider.authorizationUrl!.searchParams.get('resource')).toBe(mcpUrl);

  const { redirect } = await consentInBrowser(page, provider.authorizationUrl!, REDIRECT, async (page) => {
    await page.fill('#operator_token', ADMIN_KEY);
    await page.selectOption('#account_id', DEFAULT_ACCOUNT_ID);
    for (const tag of choose.tags ?? []) await page.check(`input[name="tags"][value="${tag}"]`);
  });
  expect(redirect.searchParams.get('state')).toBe('sdk-state');
  expect(redirect.searchParams.get('iss')).toBe(server.url);
  await first.transport.finishAuth(redirect.searchParams.get('code')!);

  const second = connect(mcpUrl, provider);
  await second.connected;
  return second;
}

describe.each([
  ['dynamic client registration', undefined, 'SDK Test Client'],
  ['a client ID metadata document', DOC_URL, 'Document Client'],
])('the SDK client with %s', (_, metadataUrl, clientName) => {
  it('discovers, registers, is approved in the browser, lists tools and calls one', async () => {
    const provider = new MemoryProvider(REDIRECT, metadataUrl);
    const { client } = await authorizeAndConnect(provider, { tags: ['boards'] });
    if (metadataUrl) expect(provider.clientInfo?.client_id).toBe(metadataUrl);
    else expect(provider.clientInfo?.client_id).toMatch(/^rrc_/);

    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.annotations?.readOnlyHint !== false)).toBe(true);
    const result = await client.callTool({ name: 'list_all_roserocket_boards', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.structuredContent)).toContain('Outbound Freight');

    const servers = await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID);
    const grant = servers.find((s) => s.oauth?.client_id === provider.clientInfo?.client_id);
    expect(grant).toMatchObject({ oauth: { client_name: clientName }, config: { methods: ['read'], tags: ['boards'] } });
    await client.close();
  });
});

describe('an SDK client holding tokens', () => {
  it('refreshes an expired access token by itself, and a revocation ends the next call with 401', async () => {
    const provider = new MemoryProvider(REDIRECT);
    const { client } = await authorizeAndConnect(provider);
    const firstRefresh = provider.saved!.refresh_token;

    gw.now.ms += 3601_000;
    await client.listTools();
    expect(provider.saved!.refresh_token).not.toBe(firstRefresh);

    const grant = (await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID)).find((s) => s.oauth?.client_id === provider.clientInfo?.client_id)!;
    const revoked = await fetch(`${server.url}/integrated-account/${DEFAULT_ACCOUNT_ID}/mcp/${grant.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(revoked.status).toBe(204);

    const direct = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider.saved!.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(direct.status).toBe(401);
    // The SDK tries its refresh token, which died with the grant, and asks for a new authorization.
    await expect(client.listTools()).rejects.toBeInstanceOf(UnauthorizedError);
    await client.close();
  });

  it('the operator denying in the browser sends access_denied back to the client', async () => {
    const provider = new MemoryProvider(REDIRECT);
    const first = connect(`${server.url}/mcp`, provider);
    await expect(first.connected).rejects.toBeInstanceOf(UnauthorizedError);
    const { redirect } = await consentInBrowser(page, provider.authorizationUrl!, REDIRECT, (page) => page.fill('#operator_token', ADMIN_KEY), 'Deny');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
  });
});

describe('an SDK client whose person signs in at Rose Rocket', () => {
  it("acts as that person: their write is refused by Rose Rocket's own role check, their reads work", async () => {
    const account = await signInAccount(served, 'Demo, people sign in');
    const setting = await fetch(`${server.url}/integrated-account/${account.id}/oauth-sign-in`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ methods: ['read', 'write'], tags: ['objects', 'boards'] }),
    });
    expect(setting.status).toBe(200);

    const provider = new MemoryProvider(REDIRECT);
    const mcpUrl = `${server.url}/mcp`;
    const first = connect(mcpUrl, provider);
    await expect(first.connected).rejects.toBeInstanceOf(UnauthorizedError);
    const { redirect } = await consentInBrowser(page, provider.authorizationUrl!, REDIRECT, async (p) => {
      await Promise.all([p.waitForURL((url) => url.href.startsWith(served.roseRocketUrl)), p.getByRole('button', { name: 'Sign in with Rose Rocket (Demo, people sign in)' }).click()]);
      await p.fill('#email', 'luis.ortega@demo-freight.example');
      await p.fill('#password', MOCK_USER_PASSWORD);
    }, 'Sign in');
    expect(redirect.searchParams.get('iss')).toBe(server.url);
    await first.transport.finishAuth(redirect.searchParams.get('code')!);
    const second = connect(mcpUrl, provider);
    await second.connected;
    const { client } = second;

    const read = await client.callTool({ name: 'list_all_roserocket_boards', arguments: {} });
    expect(read.isError).toBeFalsy();
    const write = await client.callTool({ name: 'create_a_roserocket_object', arguments: { object_key: 'customer', fields: { name: 'By Luis' } } });
    expect(write.isError).toBe(true);
    expect(JSON.stringify(write.content)).toContain('Forbidden resource');
    await client.close();
  });
});
