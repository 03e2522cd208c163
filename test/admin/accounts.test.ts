import { describe, expect, it } from 'vitest';
import { accountInput } from '../store/fixtures.ts';
import { adminHarness, envelope } from './harness.ts';

const SECRET = accountInput().client_secret;

describe('/integrated-account', () => {
  it('creates, lists, gets and deletes accounts; the secret never comes back', async () => {
    const { call, records, store } = await adminHarness();
    const created = await call('POST', '/integrated-account', { body: accountInput() });
    expect(created.status).toBe(201);
    const account = (await created.json()) as Record<string, unknown>;
    const { client_secret: _secret, ...visible } = accountInput();
    expect(account).toEqual({ ...visible, id: expect.any(String), created_at: '2030-01-01T00:00:00.000Z' });

    const list = await call('GET', '/integrated-account');
    expect(await list.json()).toEqual({ result: [account] });
    const one = await call('GET', `/integrated-account/${account.id}`);
    expect(await one.json()).toEqual(account);

    // Encrypted at rest: the stored document holds no plaintext secret, and it still opens for the upstream client.
    expect(JSON.stringify(await store.get(`account:${account.id}`))).not.toContain(SECRET);
    expect((await records.accounts.credentials(String(account.id)))?.client_secret).toBe(SECRET);

    expect((await call('DELETE', `/integrated-account/${account.id}`)).status).toBe(204);
    expect((await call('GET', `/integrated-account/${account.id}`)).status).toBe(404);
    expect((await call('DELETE', `/integrated-account/${account.id}`)).status).toBe(404);
  });

  it('deleting an account revokes its MCP servers and API tokens', async () => {
    const { call, createAccount, records } = await adminHarness();
    const id = await createAccount();
    const server = (await (await call('POST', `/integrated-account/${id}/mcp`, { body: { name: 's' } })).json()) as { token: string };
    const apiToken = (await (await call('POST', '/api-token', { body: { name: 't', integrated_account_id: id } })).json()) as { token: string };
    expect((await records.resolveMcpRequest(server.token, undefined)).ok).toBe(true);
    expect((await call('DELETE', `/integrated-account/${id}`)).status).toBe(204);
    expect((await records.resolveMcpRequest(server.token, undefined)).ok).toBe(false);
    expect(await records.apiTokens.verify(apiToken.token)).toBeNull();
    expect((await call('GET', `/integrated-account/${id}/mcp`)).status).toBe(404);
  });

  it('lists the default account from configuration and refuses to delete it (409)', async () => {
    const { call, records } = await adminHarness();
    await records.accounts.ensureDefault(accountInput({ name: 'Embedded mock' }));
    const list = (await (await call('GET', '/integrated-account')).json()) as { result: Array<{ id: string; name: string }> };
    expect(list.result.map((a) => [a.id, a.name])).toEqual([['default', 'Embedded mock']]);
    expect(JSON.stringify(list)).not.toContain(SECRET);
    const response = await call('DELETE', '/integrated-account/default');
    expect(response.status).toBe(409);
    expect((await envelope(response)).message).toMatch(/"default" comes from the gateway's configuration/);
    expect(await records.accounts.get('default')).not.toBeNull();
  });

  it('answers 404 for unknown ids, including ones that could not be ids', async () => {
    const { call } = await adminHarness();
    for (const id of ['nope', 'a%2F..%2Fb', 'x'.repeat(65)]) {
      const response = await call('GET', `/integrated-account/${id}`);
      expect(response.status).toBe(404);
      expect((await envelope(response)).message).toMatch(/^no integrated account with id/);
    }
  });

  it.each([
    [{ ...accountInput(), name: undefined }, 'name: is required'],
    [{ ...accountInput(), name: '   ' }, 'name: must not be empty'],
    [{ ...accountInput(), api_url: 'not a url' }, 'api_url: must be an http(s) URL'],
    [{ ...accountInput(), auth_url: 'ftp://auth.example' }, 'auth_url: must be an http(s) URL'],
    [{ ...accountInput(), api_url: 'https://user:pw@rr.example/api/v2/platformModel' }, 'api_url: must not carry credentials, a query or a fragment'],
    [{ ...accountInput(), auth_url: 'https://auth.example/?tenant=x' }, 'auth_url: must not carry credentials, a query or a fragment'],
    [{ ...accountInput(), org_id: 42 }, 'org_id: must be a string, got a number'],
    [{ ...accountInput(), client_secret: undefined }, 'client_secret: is required'],
    [{ ...accountInput(), client_secret: '' }, 'client_secret: must not be empty'],
    [{ ...accountInput(), secret: 'x' }, 'secret: is not a known field'],
    [[], 'body: must be an object, got an array'],
  ])('rejects a bad account body with a 400 naming the field (%#)', async (body, message) => {
    const { call, records } = await adminHarness();
    const response = await call('POST', '/integrated-account', { body });
    expect(response.status).toBe(400);
    expect((await envelope(response)).message).toBe(message);
    expect(await records.accounts.list()).toEqual([]);
  });

  it('names every bad field at once', async () => {
    const { call } = await adminHarness();
    const response = await call('POST', '/integrated-account', { body: { name: 1, api_url: 'x' } });
    const { message } = await envelope(response);
    for (const field of ['name:', 'api_url:', 'auth_url:', 'org_id:', 'user_id:', 'client_id:', 'client_secret:']) expect(message).toContain(field);
  });
});
