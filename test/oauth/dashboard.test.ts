import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegratedAccount } from '../../gateway/records/index.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { MOCK_USER_PASSWORD } from '../../mock-roserocket/auth-code.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { seriousAxeViolations } from '../ui/browser.ts';
import { ADMIN_KEY, authorizeParams, register } from './harness.ts';
import { connect, consentInBrowser, launchBrowser, MemoryProvider } from './sdk-client.ts';
import { servedOAuthGateway, signInAccount, signInToDashboard, type ServedOAuth } from './served.ts';

/**
 * OAuth in the dashboard, in Chromium: the account's Rose Rocket sign-in
 * setting set on its page, and OAuth connections revoked by a click in the
 * MCP Servers tab, after which the official SDK client's next call gets 401
 * (and a person's stored Rose Rocket tokens are gone).
 */

let browser: Browser;
let page: Page;
let served: ServedOAuth;
let account: IntegratedAccount;

beforeAll(async () => {
  served = await servedOAuthGateway();
  // The account's own secret is wrong: the sign-in works only through the client set in the page.
  account = await signInAccount(served, 'Demo, people sign in', 'not-the-sign-in-secret');
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(15_000);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** The statuses `/mcp` answered the SDK client, in order. */
function watchedFetch() {
  const statuses: number[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await globalThis.fetch(input, init);
    if (new URL(input instanceof Request ? input.url : String(input)).pathname === '/mcp') statuses.push(response.status);
    return response;
  }) as typeof globalThis.fetch;
  return { fetch, statuses };
}

/** The SDK client given only `/mcp`, authorized in the browser by `consent`, and connected. */
async function connectedClient(consent: (page: Page) => Promise<void>, button: string) {
  const provider = new MemoryProvider(served.redirect);
  const watched = watchedFetch();
  const mcpUrl = `${served.url}/mcp`;
  const first = connect(mcpUrl, provider, watched.fetch);
  await expect(first.connected).rejects.toBeInstanceOf(UnauthorizedError);
  const { redirect } = await consentInBrowser(page, provider.authorizationUrl!, served.redirect, consent, button);
  await first.transport.finishAuth(redirect.searchParams.get('code')!);
  const second = connect(mcpUrl, provider, watched.fetch);
  await second.connected;
  const grant = (await served.gw.records.mcpServers.list(account.id).then(async (own) => [...own, ...(await served.gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID))])).find(
    (s) => s.oauth?.client_id === provider.clientInfo?.client_id,
  )!;
  return { client: second.client, statuses: watched.statuses, grant };
}

/** Signs in to the dashboard, opens the account's MCP Servers tab, and revokes the connection named `name` by clicks. */
async function revokeInDashboard(accountId: string, name: string) {
  await signInToDashboard(page, served.url);
  await page.goto(`${served.url}/ui/accounts/${accountId}/mcp-servers`);
  const row = page.getByRole('row', { name: new RegExp(name) });
  expect(await row.textContent()).toContain('OAuth connection');
  await row.getByRole('link', { name }).click();
  await page.getByRole('link', { name: 'Revoke…' }).click();
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Revoked “${name}”`);
}

describe("the account's Rose Rocket sign-in tab", { timeout: 60_000 }, () => {
  it('turns sign-in on with limits and a client of its own, the secret write-only, errors beside their field', async () => {
    await signInToDashboard(page, served.url);
    await page.getByRole('link', { name: 'Demo, people sign in' }).click();
    await page.getByRole('link', { name: 'Rose Rocket sign-in' }).click();
    expect(await page.locator('main').textContent()).toContain('Now: off.');
    expect(await page.locator('main').textContent()).toContain(`${served.url}/oauth/rose-rocket/callback`);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Let OAuth connections sign in with Rose Rocket').check();
    await page.getByLabel('write (every tool that changes something)').check();
    for (const tag of ['objects', 'boards']) await page.getByRole('group', { name: 'Allowed tags' }).getByLabel(tag, { exact: true }).check();
    await page.getByLabel('Client ID').fill(DEMO_ORG.clientId);
    await page.getByRole('button', { name: 'Save sign-in setting' }).click();
    // Refused by the admin API: its reason sits beside the secret's field, and nothing is stored.
    const secret = page.getByLabel('Client secret');
    expect(await secret.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#sign-in-client_secret-error').textContent()).toMatch(/^client_secret: is required when client_id is set/);
    expect(await secret.evaluate((el) => el.getAttribute('aria-describedby'))).toContain('sign-in-client_secret-error');
    expect(await page.getByLabel('Client ID').inputValue()).toBe(DEMO_ORG.clientId);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await served.gw.records.store.get(`oauth:sign-in:${account.id}`)).toBeNull();

    await secret.fill(DEMO_ORG.clientSecret);
    await page.getByRole('button', { name: 'Save sign-in setting' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Sign-in with Rose Rocket is on');
    expect(await page.locator('main').textContent()).toContain('A secret is held for this client ID');
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(DEMO_ORG.clientSecret);

    const setting = await fetch(`${served.url}/integrated-account/${account.id}/oauth-sign-in`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(await setting.json()).toEqual({ enabled: true, methods: ['read', 'write'], tags: ['objects', 'boards'], client_id: DEMO_ORG.clientId, client_secret_set: true });
    expect(served.gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_sign_in_setting_changed', account_id: account.id, enabled: true }));
  });

  it('a person signs in with that setting; revoked by a click, their Rose Rocket tokens are dropped and the next call gets 401', async () => {
    const { client, statuses, grant } = await connectedClient(async (p) => {
      await Promise.all([p.waitForURL((url) => url.href.startsWith(served.roseRocketUrl)), p.getByRole('button', { name: 'Sign in with Rose Rocket (Demo, people sign in)' }).click()]);
      await p.fill('#email', 'marcus.chen@demo-freight.example');
      await p.fill('#password', MOCK_USER_PASSWORD);
    }, 'Sign in');
    expect(grant).toMatchObject({ config: { methods: ['read', 'write'], tags: ['objects', 'boards'] }, oauth: { rose_rocket_user: true } });
    expect((await client.callTool({ name: 'list_all_roserocket_boards', arguments: {} })).isError).toBeFalsy();
    const stored = await served.gw.records.store.get(`oauth:rose-rocket-user:${grant.id}`);
    expect(stored).not.toBeNull();
    // Refreshed through the page's client too.
    served.gw.mock.control.expireTokens();
    expect((await client.callTool({ name: 'list_all_roserocket_boards', arguments: {} })).isError).toBeFalsy();
    expect(await served.gw.records.store.get(`oauth:rose-rocket-user:${grant.id}`)).not.toEqual(stored);

    await revokeInDashboard(account.id, grant.name);
    expect(await served.gw.records.store.get(`oauth:rose-rocket-user:${grant.id}`)).toBeNull();
    statuses.length = 0;
    await expect(client.callTool({ name: 'list_all_roserocket_boards', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(statuses[0]).toBe(401);
    await client.close();
  });

  it('turned off in the page, the consent page stops offering it', async () => {
    const { body: client } = await register(served.gw);
    const consentPage = async () =>
      (await served.gw.app.request(`/oauth/authorize?${new URLSearchParams(await authorizeParams(client.client_id, { resource: `${served.url}/mcp` }))}`)).text();
    expect(await consentPage()).toContain('Sign in with Rose Rocket (Demo, people sign in)');
    await signInToDashboard(page, served.url);
    await page.goto(`${served.url}/ui/accounts/${account.id}/sign-in`);
    await page.getByLabel('Let OAuth connections sign in with Rose Rocket').uncheck();
    await page.getByRole('button', { name: 'Save sign-in setting' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Sign-in with Rose Rocket is off');
    expect(await served.gw.records.store.get(`oauth:sign-in:${account.id}`)).toBeNull();
    expect(await consentPage()).not.toContain('Sign in with Rose Rocket');
  });
});

describe('an OAuth connection approved by the operator', { timeout: 60_000 }, () => {
  it('revoked by a click in the MCP Servers tab: the SDK client’s next call gets 401', async () => {
    const { client, statuses, grant } = await connectedClient(async (p) => {
      await p.fill('#operator_token', ADMIN_KEY);
      await p.selectOption('#account_id', DEFAULT_ACCOUNT_ID);
    }, 'Approve');
    expect((await client.callTool({ name: 'list_all_roserocket_boards', arguments: {} })).isError).toBeFalsy();
    expect(statuses.at(-1)).toBe(200);

    await revokeInDashboard(DEFAULT_ACCOUNT_ID, grant.name);
    statuses.length = 0;
    // The SDK meets the 401, tries its refresh token (dead with the grant), and asks for a new authorization.
    await expect(client.callTool({ name: 'list_all_roserocket_boards', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(statuses[0]).toBe(401);
    expect(await served.gw.records.mcpServers.get(DEFAULT_ACCOUNT_ID, grant.id)).toBeNull();
    await client.close();
  });
});
