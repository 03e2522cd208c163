import { describe, expect, it } from 'vitest';
import { adminHarness, envelope } from './harness.ts';

describe('/api-token', () => {
  it('creates a token whose value is shown once, lists and gets without values, and revokes', async () => {
    const { call, createAccount } = await adminHarness();
    const accountId = await createAccount();
    const created = await call('POST', '/api-token', { body: { name: 'Claude Desktop', integrated_account_id: accountId } });
    expect(created.status).toBe(201);
    const token = (await created.json()) as Record<string, string>;
    expect(token).toEqual({
      id: expect.any(String),
      name: 'Claude Desktop',
      integrated_account_id: accountId,
      created_at: '2030-01-01T00:00:00.000Z',
      last4: token.token!.slice(-4),
      token: expect.stringMatching(/^rrapi_[A-Za-z0-9_-]{43}$/),
    });
    const { token: value, ...visible } = token;

    const list = await (await call('GET', '/api-token')).text();
    expect(list).not.toContain(value);
    expect(JSON.parse(list).result).toContainEqual(visible);
    const one = await call('GET', `/api-token/${token.id}`);
    expect(await one.json()).toEqual(visible);

    expect((await call('DELETE', `/api-token/${token.id}`)).status).toBe(204);
    expect((await call('GET', `/api-token/${token.id}`)).status).toBe(404);
    expect((await call('DELETE', `/api-token/${token.id}`)).status).toBe(404);
  });

  it('makes an operator token by default, which opens the admin API', async () => {
    const { call } = await adminHarness();
    const created = (await (await call('POST', '/api-token', { body: { name: 'second operator' } })).json()) as { token: string; integrated_account_id: null };
    expect(created.integrated_account_id).toBeNull();
    expect((await call('GET', '/api-token', { token: created.token })).status).toBe(200);
  });

  it('refuses to revoke the last operator token (409), and allows it once another exists', async () => {
    const { call, records } = await adminHarness();
    const [only] = await records.apiTokens.list();
    const refused = await call('DELETE', `/api-token/${only!.id}`);
    expect(refused.status).toBe(409);
    expect((await envelope(refused)).message).toMatch(/last operator token/);
    const next = (await (await call('POST', '/api-token', { body: { name: 'next' } })).json()) as { token: string };
    expect((await call('DELETE', `/api-token/${only!.id}`, { token: next.token })).status).toBe(204);
  });

  it.each([
    [{}, 'name: is required'],
    [{ name: '' }, 'name: must not be empty'],
    [{ name: 'x', integrated_account_id: 7 }, 'integrated_account_id: must be an integrated account id or null'],
    [{ name: 'x', integrated_account_id: 'missing' }, 'integrated_account_id: no integrated account with id "missing"'],
    [{ name: 'x', scope: 'all' }, 'scope: is not a known field'],
  ])('rejects a bad token body with a 400 naming the field (%#)', async (body, message) => {
    const { call, records } = await adminHarness();
    const before = await records.apiTokens.list();
    const response = await call('POST', '/api-token', { body });
    expect(response.status).toBe(400);
    expect((await envelope(response)).message).toBe(message);
    expect(await records.apiTokens.list()).toEqual(before);
  });
});
