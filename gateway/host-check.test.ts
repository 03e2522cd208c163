import { describe, expect, it } from 'vitest';
import { createGateway } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { silentLogger } from './log.ts';
import { createRecords } from './records/index.ts';
import { createFetchHandler } from './runtime/fetch-handler.ts';
import { createMemoryStore } from './store/memory.ts';

/**
 * Which names the gateway answers to, through the app as every listener
 * serves it: one rule over every route, decided by whether the operator set
 * `PUBLIC_URL` and where the gateway listens.
 */

const ADMIN_KEY = 'host-check-admin-key-0123456789';

async function gateway(env: Record<string, string>) {
  const records = await createRecords({ store: createMemoryStore(), encryptionKey: 'a'.repeat(64) });
  await records.apiTokens.ensureAdminToken(ADMIN_KEY);
  const { token } = await records.mcpServers.create('default', { name: 'x', config: { methods: [], tags: [], require_api_token_auth: false }, expires_at: null });
  const { app } = createGateway({ config: loadConfig(env), records, logger: silentLogger });
  // One request of each kind of route: health, admin API, dashboard, MCP, OAuth metadata, an unknown path.
  const requests = (): [string, RequestInit][] => [
    ['/healthz', {}],
    ['/integrated-account', { headers: { authorization: `Bearer ${ADMIN_KEY}` } }],
    ['/ui', {}],
    [`/mcp/${token}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) }],
    ['/.well-known/oauth-authorization-server', {}],
    ['/no/such/route', {}],
  ];
  /** The statuses of every kind of route, asked with this `Host`. */
  const statuses = async (host: string) => {
    const answers = await Promise.all(requests().map(([path, init]) => app.request(path, { ...init, headers: { ...init.headers, host } })));
    return answers.map((answer) => answer.status);
  };
  /** What a name the gateway answers to gets: exactly what 127.0.0.1 gets, which is never a refusal. */
  const loopbackAnswers = await statuses('127.0.0.1');
  expect(loopbackAnswers).not.toContain(421);
  expect(loopbackAnswers.every((status) => status < 500)).toBe(true);
  return { app, statuses, loopbackAnswers };
}

const LOOPBACK = ['localhost', 'localhost:8000', '127.0.0.1', '127.0.0.1:3000', '[::1]', '[::1]:8000', '127.0.0.2:9', 'LOCALHOST:1'];
const ELSEWHERE = ['192.168.1.5:8000', '10.0.0.5', 'rebound.example', 'mcp.example.com', '0.0.0.0:8000', 'localhost.evil.example', '[::2]:8000'];
const MISDIRECTED = [421, 421, 421, 421, 421, 421];

describe('a gateway not told its public address', () => {
  for (const HOST of ['0.0.0.0', '127.0.0.1', '::']) {
    it(`listening on ${HOST}, answers every route to loopback names only, and tells anyone else to set PUBLIC_URL`, async () => {
      const { app, statuses, loopbackAnswers } = await gateway({ HOST });
      for (const host of LOOPBACK) expect(await statuses(host), host).toEqual(loopbackAnswers);
      for (const host of ELSEWHERE) expect(await statuses(host), host).toEqual(MISDIRECTED);
      const refused = await app.request('/integrated-account', { headers: { host: '192.168.1.5:8000', authorization: `Bearer ${ADMIN_KEY}` } });
      expect(await refused.json()).toEqual({
        statusCode: 421,
        error: 'Misdirected Request',
        message: expect.stringMatching(/^Host 192\.168\.1\.5 is not a loopback name, .*answers only to localhost, 127\.0\.0\.1 and \[::1\].*set PUBLIC_URL/),
      });
    });
  }

  it('refuses a Host header that is no host name, and a request to a non-loopback address without one', async () => {
    const { app } = await gateway({ HOST: '0.0.0.0' });
    const garbage = await app.request('/healthz', { headers: { host: 'a b' } });
    expect(garbage.status).toBe(421);
    expect(((await garbage.json()) as { message: string }).message).toBe('the Host header is not a host name');
    // In-process (fetch-handler hosts, tests): no header, the URL's host is the name.
    expect((await app.request('http://192.168.1.5:8000/healthz')).status).toBe(421);
    expect((await app.request('http://127.0.0.1:8000/healthz')).status).toBe(200);
  });

  it('names its URLs by a loopback address when it listens on every one', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8000' }).publicUrl).toBe('http://127.0.0.1:8000');
    expect(loadConfig({ HOST: '::', PORT: '8000' }).publicUrl).toBe('http://[::1]:8000');
  });

  it('refuses to start on an address no loopback name reaches, saying which setting to set (stdio does not care)', () => {
    expect(() => loadConfig({ HOST: '10.0.0.5' })).toThrow(new ConfigError('HOST=10.0.0.5 is reached by no loopback name, and a gateway not told its public address answers only to loopback names: set PUBLIC_URL to the address clients use'));
    expect(loadConfig({ HOST: '10.0.0.5', PUBLIC_URL: 'https://mcp.example.com' }).host).toBe('10.0.0.5');
    expect(loadConfig({ HOST: '10.0.0.5' }, ['--stdio']).stdio).toBe(true);
  });
});

describe('a gateway told its public address', () => {
  it('listening on loopback (behind a tunnel), answers loopback names and that address only', async () => {
    const { app, statuses, loopbackAnswers } = await gateway({ PUBLIC_URL: 'https://mcp.example.com' });
    for (const host of [...LOOPBACK, 'mcp.example.com', 'mcp.example.com:443']) expect(await statuses(host), host).toEqual(loopbackAnswers);
    for (const host of ['192.168.1.5:8000', 'rebound.example', 'other.example.com']) expect(await statuses(host), host).toEqual(MISDIRECTED);
    const refused = await app.request('/healthz', { headers: { host: 'rebound.example' } });
    expect(((await refused.json()) as { message: string }).message).toBe(
      "Host rebound.example is not this gateway's address: it listens on loopback and answers to localhost and PUBLIC_URL (https://mcp.example.com); set PUBLIC_URL to the address clients reach it at",
    );
  });

  it('listening on every address, answers any name: it was exposed on purpose, and a proxy may pass a name of its own', async () => {
    const { statuses, loopbackAnswers } = await gateway({ HOST: '0.0.0.0', PUBLIC_URL: 'https://mcp.example.com' });
    for (const host of [...LOOPBACK, ...ELSEWHERE, 'gateway:3000']) expect(await statuses(host), host).toEqual(loopbackAnswers);
  });
});

describe('the fetch handler (deno serve, Deno Deploy)', () => {
  const handler = (env: Record<string, string>) => {
    const printed: string[] = [];
    const fetchHandler = createFetchHandler({
      env: () => ({ STORE: 'memory', ADMIN_API_KEY: ADMIN_KEY, ...env }),
      platform: () => ({ onDenoDeploy: false, openKv: null }),
      logger: silentLogger,
      print: (text) => printed.push(text),
    });
    return { fetchHandler, printed };
  };

  it('without PUBLIC_URL, a non-loopback first request neither starts the gateway nor names its URLs', async () => {
    const { fetchHandler, printed } = handler({});
    try {
      const refused = await fetchHandler.fetch(new Request('http://192.168.1.5:8000/healthz'));
      expect(refused.status).toBe(421);
      expect(((await refused.json()) as { message: string }).message).toMatch(/set PUBLIC_URL/);
      expect(printed).toEqual([]);
      expect((await fetchHandler.fetch(new Request('http://127.0.0.1:8000/healthz'))).status).toBe(200);
      expect(printed.join('')).toMatch(/Demo MCP server URL \(shown once\): http:\/\/127\.0\.0\.1:8000\/mcp\/rrmcp_/);
      // Started, the app's rule answers: still loopback only.
      expect((await fetchHandler.fetch(new Request('http://127.0.0.1:8000/healthz', { headers: { host: 'rrmcp.example.dev' } }))).status).toBe(421);
    } finally {
      await fetchHandler.close();
    }
  });

  it('with PUBLIC_URL, answers the address the host gives it', async () => {
    const { fetchHandler, printed } = handler({ PUBLIC_URL: 'https://rrmcp.example.dev' });
    try {
      expect((await fetchHandler.fetch(new Request('https://rrmcp.example.dev/healthz'))).status).toBe(200);
      expect(printed.join('')).toMatch(/Demo MCP server URL \(shown once\): https:\/\/rrmcp\.example\.dev\/mcp\/rrmcp_/);
    } finally {
      await fetchHandler.close();
    }
  });
});
