import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { ADMIN_KEY, authorizeParams, form, mcpCall, oauthGateway, register, signInAs, type OAuthGateway } from './harness.ts';

/**
 * "Sign in with Rose Rocket": the account lets connections sign in at Rose
 * Rocket (the mock's login page) instead of an operator approving them, and
 * the connection then calls Rose Rocket with that person's own tokens.
 */

const MARCUS = { email: 'marcus.chen@demo-freight.example', id: '39372f77-c405-4887-971d-4310ed0d865e' };
const LUIS = { email: 'luis.ortega@demo-freight.example' };

const admin = (gw: OAuthGateway, method: string, body?: unknown) =>
  gw.app.request(`/integrated-account/${DEFAULT_ACCOUNT_ID}/oauth-sign-in`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const createCustomer = (name: string) => ({ name: 'create_a_roserocket_object', arguments: { object_key: 'customer', fields: { name } } });

describe('the account setting', () => {
  it('is set, read and cleared through the admin API, checked like a URL filter', async () => {
    const gw = await oauthGateway();
    expect(await (await admin(gw, 'GET')).json()).toEqual({ enabled: false });
    expect((await admin(gw, 'PUT', { methods: ['reed'] })).status).toBe(400);
    const set = await admin(gw, 'PUT', { methods: ['read', 'write'], tags: ['objects'] });
    expect(await set.json()).toEqual({ enabled: true, methods: ['read', 'write'], tags: ['objects'], client_id: null, client_secret_set: false });
    expect(await (await admin(gw, 'GET')).json()).toMatchObject({ enabled: true, tags: ['objects'] });
    expect((await admin(gw, 'DELETE')).status).toBe(204);
    expect(await (await admin(gw, 'GET')).json()).toEqual({ enabled: false });
    const anonymous = await gw.app.request(`/integrated-account/${DEFAULT_ACCOUNT_ID}/oauth-sign-in`);
    expect(anonymous.status).toBe(401);
  });

  it("takes a Rose Rocket client of its own, whose secret is write-only and sealed, and logs each change", async () => {
    const gw = await oauthGateway();
    const noSecret = await admin(gw, 'PUT', { methods: ['read'], client_id: 'interactive-app' });
    expect(noSecret.status).toBe(400);
    expect((await noSecret.json()).message).toMatch(/^client_secret: is required when client_id is set/);
    const orphan = await admin(gw, 'PUT', { methods: ['read'], client_secret: 'x' });
    expect((await orphan.json()).message).toMatch(/^client_secret: is given without client_id/);
    expect(await (await admin(gw, 'GET')).json()).toEqual({ enabled: false });

    const set = await admin(gw, 'PUT', { methods: ['read'], client_id: 'interactive-app', client_secret: 'interactive-secret-value' });
    expect(await set.json()).toEqual({ enabled: true, methods: ['read'], tags: [], client_id: 'interactive-app', client_secret_set: true });
    const stored = JSON.stringify(await gw.records.store.get(`oauth:sign-in:${DEFAULT_ACCOUNT_ID}`));
    expect(stored).not.toContain('interactive-secret-value');
    // The same client id without a secret keeps the secret held; the sign-in goes to Rose Rocket as that client.
    expect(await (await admin(gw, 'PUT', { methods: ['read', 'write'], client_id: 'interactive-app' })).json()).toMatchObject({ client_secret_set: true });
    expect(await gw.records.store.get(`oauth:sign-in:${DEFAULT_ACCOUNT_ID}`)).toMatchObject({ client_secret_sealed: JSON.parse(stored).client_secret_sealed });
    const { body: client } = await register(gw);
    const toRoseRocket = await gw.app.request('/oauth/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...(await authorizeParams(client.client_id)), rose_rocket_account: DEFAULT_ACCOUNT_ID }),
    });
    expect(new URL(toRoseRocket.headers.get('location')!).searchParams.get('client_id')).toBe('interactive-app');
    // Another client id needs its own secret.
    expect((await admin(gw, 'PUT', { methods: ['read'], client_id: 'another-app' })).status).toBe(400);
    expect((await admin(gw, 'DELETE')).status).toBe(204);

    const changes = gw.logs.filter((l) => l.msg === 'oauth_sign_in_setting_changed');
    expect(changes.map((l) => [l.enabled, l.client])).toEqual([[true, 'interactive-app'], [true, 'interactive-app'], [false, undefined]]);
    expect(JSON.stringify(gw.logs)).not.toContain('interactive-secret-value');
  });

  it('without it, the consent page offers no Rose Rocket sign-in and a forged request for one is refused', async () => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const params = await authorizeParams(client.client_id);
    expect(await (await gw.app.request(`/oauth/authorize?${new URLSearchParams(params)}`)).text()).not.toContain('Sign in with Rose Rocket');
    const forged = await gw.app.request('/oauth/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ...params, rose_rocket_account: DEFAULT_ACCOUNT_ID }),
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('does not offer sign-in with Rose Rocket');
  });
});

describe('a person signed in at Rose Rocket', () => {
  it('calls Rose Rocket with their own token: what they create names them', async () => {
    const gw = await oauthGateway();
    await admin(gw, 'PUT', { methods: ['read', 'write'], tags: ['objects'] });
    const tokens = await signInAs(gw, MARCUS.email);
    const { body } = await mcpCall(gw, tokens.access_token, 'tools/call', createCustomer('Made by Marcus'));
    expect(body.result.isError).toBeFalsy();
    expect(body.result.structuredContent).toMatchObject({ createdBy: MARCUS.id });
    const [server] = await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID);
    expect(server).toMatchObject({ config: { methods: ['read', 'write'], tags: ['objects'] }, oauth: { rose_rocket_user: true } });
  });

  it("a read-only user's write comes back refused by Rose Rocket, and their reads work", async () => {
    const gw = await oauthGateway();
    await admin(gw, 'PUT', { methods: ['read', 'write'], tags: [] });
    const tokens = await signInAs(gw, LUIS.email);
    const { body } = await mcpCall(gw, tokens.access_token, 'tools/call', createCustomer('Made by Luis'));
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0].text).toContain('403');
    expect(body.result.content[0].text).toContain('Forbidden resource');
    const read = await mcpCall(gw, tokens.access_token, 'tools/call', { name: 'list_all_roserocket_boards', arguments: {} });
    expect(read.body.result.isError).toBeFalsy();
  });

  it("refreshes the person's Rose Rocket token when it runs out, and drops it on revocation", async () => {
    const gw = await oauthGateway();
    await admin(gw, 'PUT', { methods: ['read'], tags: [] });
    const tokens = await signInAs(gw, MARCUS.email);
    expect((await mcpCall(gw, tokens.access_token, 'tools/call', { name: 'list_all_roserocket_boards', arguments: {} })).body.result.isError).toBeFalsy();
    const [server] = await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID);
    const stored = await gw.records.store.get(`oauth:rose-rocket-user:${server!.id}`);
    expect(JSON.stringify(stored)).not.toContain(tokens.access_token);

    gw.mock.control.expireTokens();
    expect((await mcpCall(gw, tokens.access_token, 'tools/call', { name: 'list_all_roserocket_boards', arguments: {} })).body.result.isError).toBeFalsy();
    expect(await gw.records.store.get(`oauth:rose-rocket-user:${server!.id}`)).not.toEqual(stored);

    const revoked = await gw.app.request(`/integrated-account/${DEFAULT_ACCOUNT_ID}/mcp/${server!.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(revoked.status).toBe(204);
    expect(await gw.records.store.get(`oauth:rose-rocket-user:${server!.id}`)).toBeNull();
    expect((await mcpCall(gw, tokens.access_token, 'tools/list')).response.status).toBe(401);
  });

  it('a callback with an unknown state is refused and logged', async () => {
    const gw = await oauthGateway();
    const response = await gw.app.request('/oauth/rose-rocket/callback?code=x&state=forged');
    expect(response.status).toBe(400);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_sign_in_refused' }));
  });
});
