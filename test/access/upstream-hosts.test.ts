import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { silentLogger } from '../../gateway/log.ts';
import { createRecords } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { createRoseRocketClient } from '../../gateway/upstream/client.ts';
import { UpstreamNetworkError } from '../../gateway/upstream/errors.ts';
import { isSpecialAddress, upstreamHostPolicy } from '../../gateway/upstream/host-policy.ts';
import { nodeHttpSend } from '../../gateway/upstream/node-http.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput, ADMIN_KEY, testGateway } from './harness.ts';

/**
 * SSRF through the admin API: an account is a URL the gateway will call and
 * whose answers reach tool results. What the admin API accepts, and where the
 * gateway then connects, is limited by the upstream host policy.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((closed) => (server.closeAllConnections(), server.close(closed)))));
});

/** A local server that counts what reaches it: the gateway must not be able to. */
async function localTarget() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/oauth/token' ? '{"access_token":"t","expires_in":3600}' : '{"secret":"internal"}');
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { port: (server.address() as AddressInfo).port, seen };
}

describe('what the admin API accepts as api_url and auth_url', () => {
  it.each([
    ['Redis on loopback', 'http://127.0.0.1:6390'],
    ['a closed port', 'http://127.0.0.1:1'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest'],
    ['a private address', 'https://10.0.0.5/api'],
    ['IPv6 loopback', 'https://[::1]/api'],
    ['localhost by name', 'https://localhost/api'],
    ['another domain', 'https://evil.example/api'],
    ['a look-alike of Rose Rocket', 'https://roserocket.com.evil.example/api'],
    ['Rose Rocket over http', 'http://network.roserocket.com/api/v2/platformModel'],
  ])('refuses %s with a 400 naming the field', async (_, url) => {
    const gw = await testGateway();
    for (const field of ['api_url', 'auth_url']) {
      const response = await gw.admin('POST', '/integrated-account', { ...accountInput(DEMO_ORG), [field]: url });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(new RegExp(`^${field}: (host .* is not one the gateway may call|must use https)`));
    }
    expect((await gw.records.accounts.list()).map((a) => a.id)).toEqual(['default']);
  });

  it("accepts Rose Rocket's own domains over https, and the hosts the operator lists", async () => {
    const gw = await testGateway();
    for (const [api_url, auth_url] of [
      ['https://network.roserocket.com/api/v2/platformModel', 'https://a.roserocket.com'],
      ['https://mock.roserocket.test/api/v2/platformModel', 'https://mock.roserocket.test'],
    ]) {
      expect((await gw.admin('POST', '/integrated-account', { ...accountInput(DEMO_ORG), api_url, auth_url })).status).toBe(201);
    }
  });

  it('says what it would accept', () => {
    expect(upstreamHostPolicy([]).refusal('https://evil.example')).toMatch(/roserocket\.com and their subdomains, over https\); the operator can add hosts with UPSTREAM_ALLOWED_HOSTS/);
    expect(upstreamHostPolicy(['rr.internal', '*.corp.example']).refusal('http://evil.example')).toMatch(/UPSTREAM_ALLOWED_HOSTS \(rr\.internal, \*\.corp\.example\)/);
    expect(upstreamHostPolicy(['rr.internal', '*.corp.example']).refusal('http://a.b.corp.example:8080/x')).toBeNull();
    expect(upstreamHostPolicy(['10.0.0.5']).refusal('http://10.0.0.5/x')).toBeNull();
  });
});

describe('special addresses', () => {
  it.each([
    '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'fc12::3', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]', 'ff02::1',
  ])('%s is special', (address) => expect(isSpecialAddress(address)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700::1', '::ffff:8.8.8.8', 'network.roserocket.com'])(
    '%s is not',
    (address) => expect(isSpecialAddress(address)).toBe(false),
  );

  it('a special address is allowed only where the host or the address is listed exactly, never by a wildcard', () => {
    const policy = upstreamHostPolicy(['rr.internal', '*.corp.example', '10.0.0.7']);
    expect(policy.allowsAddress('rr.internal', '10.0.0.5')).toBe(true);
    expect(policy.allowsAddress('x.corp.example', '10.0.0.5')).toBe(false);
    expect(policy.allowsAddress('x.corp.example', '10.0.0.7')).toBe(true);
    expect(policy.allowsAddress('network.roserocket.com', '127.0.0.1')).toBe(false);
    expect(policy.allowsAddress('network.roserocket.com', '52.1.2.3')).toBe(true);
  });
});

describe('where the gateway connects (the resolved address, on Node)', () => {
  const account = (base: string) => ({ apiUrl: base, authUrl: base, clientId: 'c', clientSecret: 's', orgId: 'o', userId: 'u' });

  it('refuses a name that resolves to loopback, and an address given as the host, before anything is sent', async () => {
    const target = await localTarget();
    const { allowsAddress } = upstreamHostPolicy([]);
    for (const host of ['localhost', '127.0.0.1']) {
      const rr = createRoseRocketClient({ account: { ...account(`http://${host}:${target.port}`), allowsAddress }, send: nodeHttpSend });
      const error = await rr.call({ method: 'GET', path: ['objects'] }).then(() => expect.unreachable('refused'), (e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamNetworkError);
      expect((error as Error).message).toMatch(/is at (127\.0\.0\.1|::1), an address the gateway does not call/);
    }
    expect(target.seen).toEqual([]);
  });

  it('connects where the operator listed the host', async () => {
    const target = await localTarget();
    const { allowsAddress } = upstreamHostPolicy(['localhost']);
    const rr = createRoseRocketClient({ account: { ...account(`http://localhost:${target.port}`), allowsAddress }, send: nodeHttpSend });
    expect((await rr.call({ method: 'GET', path: ['objects'] })).body).toEqual({ secret: 'internal' });
  });

  it("through the gateway: an admin-made account whose host now resolves to loopback gets a tool error and reaches nothing; the operator's own default account is trusted", async () => {
    const target = await localTarget();
    const records = await createRecords({ store: createMemoryStore(), encryptionKey: 'a'.repeat(64) });
    const base = `http://localhost:${target.port}`;
    const credentials = { ...accountInput(DEMO_ORG), api_url: base, auth_url: base };
    await records.accounts.ensureDefault(credentials);
    // As if made before the policy, or under a name that resolved elsewhere then (DNS rebinding).
    const other = await records.accounts.create(credentials);
    await records.apiTokens.ensureAdminToken(ADMIN_KEY);
    const { app } = createGateway({ config: loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }), records, logger: silentLogger });
    const call = async (accountId: string) => {
      const { token } = await records.mcpServers.create(accountId, { name: 'x', config: { methods: [], tags: [], require_api_token_auth: false }, expires_at: null });
      const response = await app.request(`/mcp/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_all_roserocket_boards', arguments: {} } }),
      });
      return ((await response.json()) as { result: { isError?: boolean; structuredContent: { error?: string; message?: string } } }).result;
    };
    const refused = await call(other.id);
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({ error: 'network_error' });
    expect(refused.structuredContent.message).toMatch(/an address the gateway does not call/);
    expect(target.seen).toEqual([]);
    await call('default');
    expect(target.seen.length).toBeGreaterThan(0);
  });
});
