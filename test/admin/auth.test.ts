import { describe, expect, it } from 'vitest';
import { adminHarness, envelope } from './harness.ts';

const ROUTES: Array<[string, string]> = [
  ['GET', '/integrated-account'],
  ['POST', '/integrated-account'],
  ['GET', '/integrated-account/default'],
  ['DELETE', '/integrated-account/default'],
  ['POST', '/integrated-account/default/mcp'],
  ['GET', '/integrated-account/default/mcp'],
  ['GET', '/integrated-account/default/mcp/some-id'],
  ['PATCH', '/integrated-account/default/mcp/some-id'],
  ['DELETE', '/integrated-account/default/mcp/some-id'],
  ['GET', '/api-token'],
  ['POST', '/api-token'],
  ['GET', '/api-token/some-id'],
  ['DELETE', '/api-token/some-id'],
];

describe('admin API auth', () => {
  it.each(ROUTES)('%s %s without a token answers 401 with a Bearer challenge', async (method, path) => {
    const { call } = await adminHarness();
    const response = await call(method, path, { token: null, body: {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="roserocket-mcp admin"');
    expect((await envelope(response)).message).toBe('Authorization: Bearer <operator API token> is required');
  });

  it.each(ROUTES)('%s %s with a wrong token answers 401 invalid_token', async (method, path) => {
    const { call } = await adminHarness();
    const response = await call(method, path, { token: 'rrapi_not-a-real-token', body: {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="roserocket-mcp admin", error="invalid_token"');
    expect((await envelope(response)).message).toMatch(/not a valid API token/);
  });

  it('refuses other schemes and revoked tokens', async () => {
    const { call, records } = await adminHarness();
    expect((await call('GET', '/api-token', { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).status).toBe(401);
    const { apiToken, token } = await records.apiTokens.create({ name: 'temp', integrated_account_id: null });
    expect((await call('GET', '/api-token', { token })).status).toBe(200);
    expect((await call('DELETE', `/api-token/${apiToken.id}`)).status).toBe(204);
    expect((await call('GET', '/api-token', { token })).status).toBe(401);
  });

  it('an account token (the MCP second credential) gets 403 everywhere in the admin API', async () => {
    const { call, createAccount, records } = await adminHarness();
    const accountId = await createAccount();
    const { token } = await records.apiTokens.create({ name: 'mcp credential', integrated_account_id: accountId });
    for (const [method, path] of [...ROUTES, ['POST', `/integrated-account/${accountId}/mcp`] as [string, string]]) {
      const response = await call(method, path, { token, body: { name: 'wider', config: { methods: ['write'] } } });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await envelope(response)).message).toMatch(/only authenticates its MCP servers; the admin API needs an operator token/);
    }
    expect(await records.mcpServers.list(accountId)).toEqual([]);
  });

  it('stays off the routes it does not own', async () => {
    const { call } = await adminHarness();
    const health = await call('GET', '/healthz', { token: null });
    expect(health.status).toBe(200);
    const missing = await call('GET', '/nowhere', { token: null });
    expect(missing.status).toBe(404);
    expect(await envelope(missing)).toEqual({ statusCode: 404, error: 'Not Found', message: 'no route for GET /nowhere' });
  });

  it('the ADMIN_API_KEY token opens the admin API', async () => {
    const { call, records } = await adminHarness();
    await records.apiTokens.ensureAdminToken('operator-key-from-env-0123');
    expect((await call('GET', '/integrated-account', { token: 'operator-key-from-env-0123' })).status).toBe(200);
  });
});
