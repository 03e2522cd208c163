import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, fuzzGateway, PUBLIC_URL, type FuzzGateway } from './harness.ts';

/**
 * What the fuzzing found, each kept as a plain example: a request that once
 * got a 500 or an answer that held a token.
 */

let gw: FuzzGateway;
beforeAll(async () => {
  gw = await fuzzGateway();
});

const errorLines = (from: number) => gw.logs.slice(from).filter((line) => line.includes('"level":"error"'));

describe('a body that is not the form its content type announces', () => {
  // It was a TypeError from the form parser: 500, and two error lines, before any authentication.
  it.each([
    ['/oauth/authorize', {}],
    ['/ui/sign-in', { origin: PUBLIC_URL }],
    ['/ui/accounts', { origin: PUBLIC_URL }],
  ])('POST %s with a multipart type over JSON is a 400 saying so, and no error is logged', async (path, headers) => {
    const before = gw.logs.length;
    const response = await gw.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: gw.session.cookie, ...headers },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('body: is not the form its content-type announces');
    expect(errorLines(before)).toEqual([]);
  });

  it('a form over the limit on the consent page is a 413', async () => {
    const response = await gw.app.request('/oauth/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `state=${'x'.repeat(64 * 1024)}`,
    });
    expect(response.status).toBe(413);
  });
});

describe('a token pasted where an id goes is not echoed', () => {
  const paths = (token: string) => [
    `/integrated-account/${token}`,
    `/integrated-account/${token}/mcp`,
    `/integrated-account/default/mcp/${token}`,
    `/integrated-account/default/mcp/${token}/calls`,
    `/integrated-account/${token}/oauth-sign-in`,
    `/api-token/${token}`,
  ];

  it('an admin path with a token in its id is a 404 that does not repeat it, in any letter case', async () => {
    // Also inside a longer id: a pasted "Bearer <token>", or a whole MCP URL encoded into one segment.
    const wrapped = [`Bearer%20${gw.mcpToken}`, `%20${gw.accountApiToken}`, encodeURIComponent(`http://127.0.0.1:3000/mcp/${gw.mcpToken}`)];
    for (const token of [gw.mcpToken, gw.accountApiToken, gw.mcpToken.toUpperCase(), ...wrapped]) {
      for (const path of paths(token)) {
        const response = await gw.app.request(path, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        const text = await response.text();
        expect(response.status, path).toBe(404);
        expect(text, path).toMatch(/with id <redacted: it has the shape of a token>/);
        expect(text.toLowerCase(), path).not.toContain(gw.mcpToken.slice(6).toLowerCase());
        expect(text.toLowerCase(), path).not.toContain(gw.accountApiToken.slice(6).toLowerCase());
      }
    }
  });

  it('the dashboard does not send it back in a redirect either', async () => {
    const response = await gw.app.request(`/ui/accounts/${gw.accountApiToken}`, { headers: { cookie: gw.session.cookie } });
    expect(response.status).toBe(404);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).not.toContain(gw.accountApiToken.slice(6));
  });

  it('a body id with a token in it is refused without repeating it', async () => {
    const response = await gw.app.request('/api-token', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', integrated_account_id: gw.mcpToken }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(gw.mcpToken.slice(6));
  });
});
