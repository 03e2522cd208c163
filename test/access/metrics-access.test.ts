import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { listen } from '../support/listen.ts';
import { ADMIN_KEY, testGateway, type TestGateway } from './harness.ts';

/**
 * `/metrics` shows tool names, outcomes and counts: open to a scraper on this
 * machine, and elsewhere only with the operator token (or METRICS_PUBLIC).
 * The peer is what the runtime says: Node's server puts its request on
 * `env.incoming`, Deno's `Deno.serve` its `remoteAddr` (the bundle tests run
 * both for real); an in-process request says nothing, and is not loopback.
 */
const node = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 50_000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } });
const deno = (hostname: string) => ({ remoteAddr: { hostname, port: 50_000, transport: 'tcp' } });

const metrics = (gw: TestGateway, env: unknown, headers: Record<string, string> = {}) => gw.app.request('/metrics', { headers }, env);

describe('/metrics', () => {
  it.each([
    ['Node, IPv4', node('127.0.0.1')],
    ['Node, 127/8', node('127.0.0.2')],
    ['Node, IPv6', node('::1')],
    ['Node, IPv4-mapped', node('::ffff:127.0.0.1')],
    ['Deno, IPv4', deno('127.0.0.1')],
    ['Deno, IPv6', deno('::1')],
  ])('answers a loopback peer as it is (%s)', async (_, env) => {
    const gw = await testGateway();
    const response = await metrics(gw, env);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('roserocket_mcp_http_responses_total');
  });

  it.each([
    ['Node, a LAN address', node('192.168.1.20')],
    ['Node, IPv4-mapped LAN', node('::ffff:10.0.0.5')],
    ['Deno, a public address', deno('203.0.113.9')],
    ['a runtime that does not say', undefined],
    ['a Unix socket on Deno', { remoteAddr: { path: '/run/gw.sock', transport: 'unix' } }],
  ])('refuses anyone else without the operator token, saying how to get in (%s)', async (_, env) => {
    const gw = await testGateway();
    const response = await metrics(gw, env);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(await response.json()).toMatchObject({
      statusCode: 401,
      message: '/metrics answers loopback peers only; from elsewhere send Authorization: Bearer <operator API token>, or set METRICS_PUBLIC=true',
    });
  });

  it('does not count a request a proxy on this machine forwarded as local', async () => {
    const gw = await testGateway();
    for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip', 'cf-connecting-ip']) {
      expect((await metrics(gw, node('127.0.0.1'), { [header]: '203.0.113.9' })).status, header).toBe(401);
    }
    expect((await metrics(gw, node('127.0.0.1'), { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
  });

  it("takes the admin API's operator token from elsewhere, and refuses a wrong one or an account's", async () => {
    const gw = await testGateway();
    const far = node('10.1.2.3');
    expect((await metrics(gw, far, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
    const wrong = await metrics(gw, far, { authorization: 'Bearer not-a-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/not a valid API token/);
    const created = await gw.admin('POST', '/api-token', { name: 'account token', integrated_account_id: DEFAULT_ACCOUNT_ID });
    const { token } = (await created.json()) as { token: string };
    expect((await metrics(gw, far, { authorization: `Bearer ${token}` })).status).toBe(403);
  });

  it('answers anyone with METRICS_PUBLIC=true', async () => {
    const gw = await testGateway({ env: { METRICS_PUBLIC: 'true' } });
    expect((await metrics(gw, node('203.0.113.9'))).status).toBe(200);
    expect((await metrics(gw, undefined)).status).toBe(200);
  });

  it('over a real Node listener on 127.0.0.1, a scraper gets in with nothing', async () => {
    const gw = await testGateway();
    const served = await listen((request, env?: unknown) => gw.app.fetch(request, env));
    try {
      expect((await fetch(`${served.url}/metrics`)).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});
