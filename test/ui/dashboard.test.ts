import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TOOLS } from '../../tools/index.ts';
import { ADMIN_TOKEN, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect } from '../support/mcp-clients.ts';
import { launchChromium, screenshots, seriousAxeViolations, type AxeViolation } from './browser.ts';

/**
 * The article's flow in a real browser: sign in, open the account, MCP
 * Servers, Create MCP Server (read-only, with an expiry), Save, copy the URL;
 * an MCP client then uses it and sees read tools only; revoked in the page,
 * the URL answers 401. Plus what keeps the page safe and usable.
 */

const READ_TOOLS = TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name).sort();
const MARKUP = '<img src=x onerror="document.title=\'pwned\'">';
/** The browser runs in Toronto; the expiry picked there is stored as UTC. */
const TIMEZONE = 'America/Toronto';
const LOCAL_EXPIRY = '2031-06-15T09:30';
const UTC_EXPIRY = '2031-06-15T13:30:00.000Z';

let env: E2eEnvironment;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let mcpUrl = '';
const shots = screenshots();
const violations: { page: string; found: AxeViolation[] }[] = [];

async function check(name: string) {
  await shots.take(page, name);
  violations.push({ page: name, found: await seriousAxeViolations(page) });
}

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eEnvironment(), launchChromium()]);
  context = await browser.newContext({ timezoneId: TIMEZONE, viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.gatewayUrl });
  page = await context.newPage();
  // A step that waits longer is a failure to report by its locator, well inside the test's own time.
  page.setDefaultTimeout(15_000);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('the dashboard in Chromium', { timeout: 60_000 }, () => {
  it('refuses a wrong token, then signs in with the operator token', async () => {
    await page.goto(`${env.gatewayUrl}/ui`);
    await check('sign-in');
    await page.getByLabel('Operator API token').fill('rrapi_wrong-token');
    await page.getByLabel('Operator API token').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not a valid operator API token');
    await page.getByLabel('Operator API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Integrated accounts' }).waitFor();
    expect(await page.content()).not.toContain(ADMIN_TOKEN);
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(stored).not.toContain(ADMIN_TOKEN);
    expect(stored).not.toContain('rrmcp_session'); // HttpOnly: out of the page's reach
    await check('accounts');
  });

  it('creates a read-only MCP server with an expiry, and shows the URL once with a Copy button', async () => {
    await page.getByRole('link', { name: 'Mock Rose Rocket (e2e)' }).click();
    await page.getByRole('link', { name: 'MCP Servers' }).waitFor();
    await page.getByRole('link', { name: 'Create MCP Server' }).click();
    await page.getByLabel('Name').fill('Dispatch (read-only)');
    await page.getByLabel('read (every tool that changes nothing)').check();
    await page.getByLabel('Expiration date').fill(LOCAL_EXPIRY);
    await expect.poll(() => page.locator('#preview').textContent()).toContain(`${READ_TOOLS.length} tools`);
    expect(await page.locator('#preview code').allTextContents()).toEqual(expect.arrayContaining(READ_TOOLS));
    await check('create-mcp-server');

    // Choices that leave no tool get the admin API's own words, live.
    await page.getByLabel('write (every tool that changes something)').check();
    await page.getByRole('group', { name: 'Allowed tags' }).getByLabel('boards').check();
    await page.getByRole('group', { name: 'Allowed methods' }).locator('summary').click();
    await page.getByRole('group', { name: 'Allowed methods' }).getByLabel('search', { exact: true }).check();
    await page.getByLabel('read (every tool that changes nothing)').uncheck();
    await page.getByLabel('write (every tool that changes something)').uncheck();
    await expect.poll(() => page.locator('#preview').textContent()).toContain('match no tool; widen methods or tags');
    await page.getByRole('group', { name: 'Allowed methods' }).getByLabel('search', { exact: true }).uncheck();
    await page.getByRole('group', { name: 'Allowed tags' }).getByLabel('boards').uncheck();
    await page.getByLabel('read (every tool that changes nothing)').check();
    await page.getByLabel("This URL's own limit").check();
    await page.getByLabel('Calls', { exact: true }).fill('120');
    await page.getByLabel('Window, seconds', { exact: true }).fill('60');

    await page.getByRole('button', { name: 'Save' }).click();
    const url = page.getByLabel('MCP Server URL');
    mcpUrl = await url.inputValue();
    expect(mcpUrl).toMatch(new RegExp(`^${env.gatewayUrl}/mcp/rrmcp_`));
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await expect.poll(() => page.locator('#mcp-url-status').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(mcpUrl);
    expect(await page.getByLabel('Claude Code').inputValue()).toBe(`claude mcp add --transport http dispatch-read-only ${mcpUrl}`);
    expect(await page.getByLabel(/Claude Desktop/).inputValue()).toContain('"mcp-remote"');
    await check('mcp-server-saved');

    const [server] = (await env.records.mcpServers.list('default')).filter((s) => s.name === 'Dispatch (read-only)');
    expect(server).toMatchObject({ config: { methods: ['read'], tags: [], rate_limit: { requests: 120, per_seconds: 60 } }, expires_at: UTC_EXPIRY });
  });

  it('hands out a URL an MCP client uses to see read tools only, and the call shows in Activity', async () => {
    const client = await connect('2026-07-28', mcpUrl);
    try {
      expect((await client.listTools()).map((t) => t.name).sort()).toEqual(READ_TOOLS);
      expect((await client.callTool('list_all_roserocket_boards', {})).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    await page.goto(`${env.gatewayUrl}/ui/accounts/default/mcp-servers`);
    const row = page.getByRole('row', { name: /Dispatch \(read-only\)/ });
    expect(await row.textContent()).toMatch(/methods: read.*rate limit: 120 calls per 60 s.*expires in/s);
    await check('mcp-servers');
    await page.getByRole('link', { name: 'Activity' }).click();
    const call = page.getByRole('row', { name: /list_all_roserocket_boards/ });
    expect(await call.textContent()).toMatch(/Dispatch \(read-only\).*ok.*ms.*200/s);
    expect(await page.locator('figure').first().textContent()).toContain('1 call in the last 24 hours: 1 ok');
    await check('activity');
  });

  it('revokes the URL after a confirmation, and the URL answers 401', async () => {
    await page.goto(`${env.gatewayUrl}/ui/accounts/default/mcp-servers`);
    await page.getByRole('link', { name: 'Dispatch (read-only)' }).click();
    await check('mcp-server-detail');
    await page.getByRole('link', { name: 'Revoke…' }).click();
    await check('revoke-confirmation');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Revoked “Dispatch (read-only)”');
    const response = await fetch(mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(401);
  });

  it('shows markup in record names as text', async () => {
    await env.createMcpServer(MARKUP, { methods: ['read'] });
    await page.goto(`${env.gatewayUrl}/ui/accounts/default/mcp-servers`);
    expect(await page.getByRole('link', { name: MARKUP }).textContent()).toBe(MARKUP);
    await page.goto(`${env.gatewayUrl}/ui`);
    await page.getByLabel('Name').fill(MARKUP);
    for (const [label, value] of [['Client ID', 'c'], ['Client secret', 's3cret-value'], ['Org ID', 'o'], ['User ID', 'u']]) await page.getByLabel(label!, { exact: true }).fill(value!);
    await page.getByRole('button', { name: 'Add account' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(MARKUP);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.content()).not.toContain('s3cret-value');
    await page.getByRole('button', { name: 'Test connection' }).waitFor();
    await check('connection');
  });

  it('creates an API token of the account, shown once', async () => {
    await page.goto(`${env.gatewayUrl}/ui/accounts/default/api-tokens`);
    await page.getByLabel('Name').fill('Claude Desktop on the dispatch PC');
    await page.getByRole('button', { name: 'Create API token' }).click();
    const token = await page.getByLabel('API token', { exact: true }).inputValue();
    expect(await env.records.apiTokens.verify(token)).toMatchObject({ integrated_account_id: 'default' });
    await check('api-tokens');
  });

  it('refuses a form posted from another origin', async () => {
    await page.route('http://attacker.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${env.gatewayUrl}/ui/accounts"><input name="name" value="planted"><button>Go</button></form>`,
      }),
    );
    await page.goto('http://attacker.test/');
    await page.getByRole('button', { name: 'Go' }).click();
    await page.waitForURL(`${env.gatewayUrl}/ui/accounts`);
    expect(await page.locator('main').textContent()).toMatch(/Forbidden|refused/);
    expect((await env.records.accounts.list()).map((a) => a.name)).not.toContain('planted');
  });

  it('is readable on a phone', async () => {
    // One context only: the packaged Chromium runs single-process, where closing a second context ends the browser.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/ui/accounts/default/mcp-servers', '/ui/accounts/default/activity']) {
      await page.goto(`${env.gatewayUrl}${path}`);
      // Whatever reaches past the screen's right edge (a wide table scrolls inside its own box instead).
      const overflowing = await page.evaluate(() =>
        [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap')).map((e) => e.outerHTML.slice(0, 80)),
      );
      expect({ path, overflowing }).toEqual({ path, overflowing: [] });
    }
    await shots.take(page, 'activity-phone');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('has no serious or critical accessibility violations, and writes the screenshots', async () => {
    expect(violations.filter((v) => v.found.length > 0)).toEqual([]);
    expect(await shots.writeAll()).toContain('create-mcp-server');
  });
});
