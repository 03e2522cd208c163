import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockRoseRocket } from './app.ts';
import { createMockHandlers, ROSEROCKET_API_URL, ROSEROCKET_AUTH_URL } from './msw.ts';
import { DEMO_ORG } from './orgs.ts';
import { clientCredentials, type TokenAnswer } from './test-support.ts';

const mock = createMockRoseRocket();
const custom = createMockRoseRocket();
const server = setupServer(
  ...createMockHandlers(mock),
  ...createMockHandlers(custom, { auth: 'http://auth.test', api: 'http://api.test/rr/api/v2/platformModel' }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  mock.control.reset();
});
afterAll(() => server.close());

async function token(authUrl = ROSEROCKET_AUTH_URL): Promise<string> {
  const res = await fetch(`${authUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(clientCredentials()),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as TokenAnswer).access_token;
}

describe('msw handlers', () => {
  it('export the real Rose Rocket URLs as defaults', () => {
    expect(ROSEROCKET_AUTH_URL).toBe('https://a.roserocket.com');
    expect(ROSEROCKET_API_URL).toBe('https://network.roserocket.com/api/v2/platformModel');
  });

  it('forward a real fetch to the token endpoint and the API, keeping method, headers and body', async () => {
    const accessToken = await token();
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };

    const me = await fetch(`${new URL(ROSEROCKET_API_URL).origin}/api/v1/me`, { headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { org: { id: string } }).org.id).toBe(DEMO_ORG.orgId);

    const created = await fetch(`${ROSEROCKET_API_URL}/userGroups`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Through MSW' }),
    });
    expect(created.ok).toBe(true);
    const listed = await fetch(`${ROSEROCKET_API_URL}/userGroups`, { headers });
    expect(((await listed.json()) as { name: string }[]).map((g) => g.name)).toContain('Through MSW');

    // The mock's own statuses and envelopes come through unchanged.
    const missing = await fetch(`${ROSEROCKET_API_URL}/userGroups`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { statusCode: number }).statusCode).toBe(401);
  });

  it('serve the per-org host form too', async () => {
    const accessToken = await token();
    const res = await fetch('https://demo.roserocket.com/api/v2/platformModel/userGroups', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(Array.isArray(await res.json())).toBe(true);
  });

  it('serve custom origins, of which only the origin counts', async () => {
    const accessToken = await token('http://auth.test');
    const res = await fetch('http://api.test/api/v1/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(200);
    // A token of one mock means nothing to another.
    const elsewhere = await fetch(`${ROSEROCKET_API_URL}/userGroups`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(elsewhere.status).toBe(401);
  });

  it('leave other hosts alone, so the unhandled-request guard still fires', async () => {
    const complaints = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(fetch('https://example.com/')).rejects.toThrow(/Cannot bypass a request when using the "error" strategy/);
      await expect(fetch('http://roserocket.com.example.net/api/v1/me')).rejects.toThrow(/Cannot bypass a request when using the "error" strategy/);
      expect(complaints).toHaveBeenCalledTimes(2);
    } finally {
      complaints.mockRestore();
    }
  });

  it('can be overridden per test with server.use', async () => {
    server.use(http.get(`${ROSEROCKET_API_URL}/userGroups`, () => HttpResponse.json([{ id: 'x' }])));
    const res = await fetch(`${ROSEROCKET_API_URL}/userGroups`);
    expect(await res.json()).toEqual([{ id: 'x' }]);
  });
});
