import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { ADMIN_TOKEN, recordsOnMock, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';

/** Sign-in, the session cookie and cross-site protection, over HTTP as a browser would send it. */

let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment();
});
afterAll(() => env?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function signIn(token = ADMIN_TOKEN): Promise<Response> {
  return fetch(`${env.gatewayUrl}/ui/sign-in`, { method: 'POST', headers: { ...FORM, origin: env.gatewayUrl }, body: form({ token }), redirect: 'manual' });
}

async function session(): Promise<{ cookie: string; csrf: string }> {
  const response = await signIn();
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${env.gatewayUrl}/ui`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  return { cookie, csrf };
}

describe('dashboard sign-in', () => {
  it('shows the sign-in form at /ui when signed out, under a CSP without inline scripts', async () => {
    const response = await fetch(`${env.gatewayUrl}/ui`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('Operator API token');
    expect(page).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it('refuses a wrong token with 401 and sets no cookie', async () => {
    const response = await signIn('rrapi_not-a-real-token');
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('not a valid operator API token');
  });

  it('refuses an integrated account token: it only opens its MCP servers', async () => {
    const { token } = await env.records.apiTokens.create({ name: 'client', integrated_account_id: 'default' });
    expect((await signIn(token)).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Strict, expiring cookie that holds no token', async () => {
    const response = await signIn();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/ui');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure over https
    expect(cookie).not.toContain(ADMIN_TOKEN);
  });

  it('opens the accounts page with the session, and never puts the token in it', async () => {
    const { cookie } = await session();
    const page = await (await fetch(`${env.gatewayUrl}/ui`, { headers: { cookie } })).text();
    expect(page).toContain('Integrated accounts');
    expect(page).toContain('Mock Rose Rocket (e2e)');
    expect(page).not.toContain(ADMIN_TOKEN);
  });

  it('refuses a form posted from another origin, even with the session cookie and token', async () => {
    const { cookie, csrf } = await session();
    const response = await fetch(`${env.gatewayUrl}/ui/sign-out`, {
      method: 'POST',
      headers: { ...FORM, cookie, origin: 'https://evil.example' },
      body: form({ csrf }),
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('evil.example');
  });

  it('refuses a form without the session CSRF token', async () => {
    const { cookie } = await session();
    const response = await fetch(`${env.gatewayUrl}/ui/sign-out`, { method: 'POST', headers: { ...FORM, cookie }, body: form({ csrf: 'x'.repeat(43) }), redirect: 'manual' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('csrf');
  });

  it('signs out: the session no longer opens the dashboard', async () => {
    const { cookie, csrf } = await session();
    const out = await fetch(`${env.gatewayUrl}/ui/sign-out`, { method: 'POST', headers: { ...FORM, cookie, origin: env.gatewayUrl }, body: form({ csrf }), redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const page = await (await fetch(`${env.gatewayUrl}/ui`, { headers: { cookie } })).text();
    expect(page).toContain('Operator API token');
  });

  it('ends the session when its operator token is revoked', async () => {
    const { token, apiToken } = await env.records.apiTokens.create({ name: 'short-lived', integrated_account_id: null });
    const response = await signIn(token);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    await env.records.apiTokens.delete(apiToken.id);
    const page = await (await fetch(`${env.gatewayUrl}/ui`, { headers: { cookie } })).text();
    expect(page).toContain('Operator API token');
  });
});

describe('Test connection', () => {
  const test = async () => {
    const { cookie, csrf } = await session();
    const response = await fetch(`${env.gatewayUrl}/ui/accounts/default/test`, { method: 'POST', headers: { ...FORM, cookie, origin: env.gatewayUrl }, body: form({ csrf }) });
    return (await response.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  };

  it('shows the token obtained, /me reached and the rate-limit figures upstream reported', async () => {
    env.mock.control.configure({ rateLimit: { limit: 100, windowSeconds: 60, dialect: 'ietf-draft-06' } });
    try {
      const text = await test();
      expect(text).toContain('ok Access token : obtained from the auth server');
      expect(text).toMatch(/ok \/me : reached: Rose Rocket answered 200/);
      expect(text).toMatch(/Rate limit upstream last reported : \d+ of 100 left/);
    } finally {
      env.mock.control.configure({ rateLimit: null });
    }
  });

  it('says why when the auth server refuses the credentials', async () => {
    const account = await env.records.accounts.credentials('default');
    await env.records.accounts.ensureDefault({ ...account!, client_secret: 'not-the-secret' });
    try {
      const text = await test();
      expect(text).toMatch(/failed Access token : .+/);
      expect(text).not.toContain('not-the-secret');
    } finally {
      await env.records.accounts.ensureDefault(account!);
    }
  });
});

describe('dashboard sign-in over https', () => {
  it('marks the session cookie Secure when the gateway is reached over https', async () => {
    const records = await recordsOnMock('http://127.0.0.1:9');
    await records.apiTokens.ensureAdminToken(ADMIN_TOKEN);
    const gateway = createGateway({ config: loadConfig({ PUBLIC_URL: 'https://gateway.example' }), records, logger: { log: () => {} } });
    const response = await gateway.app.request('https://gateway.example/ui/sign-in', {
      method: 'POST',
      headers: { ...FORM, origin: 'https://gateway.example' },
      body: form({ token: ADMIN_TOKEN }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});
