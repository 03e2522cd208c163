import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import {
  approve,
  authorizeParams,
  connectedClient,
  mcpCall,
  oauthGateway,
  PUBLIC_URL,
  REDIRECT_URI,
  register,
  RESOURCE,
  token,
  VERIFIER,
  type OAuthGateway,
} from './harness.ts';

/** Every OAuth record in the store but registered clients: codes, tokens, markers. */
async function grantKeys(gw: OAuthGateway) {
  return (await gw.records.store.keys('oauth')).filter((k) => !k.startsWith('oauth:client:'));
}

async function nothingGranted(gw: OAuthGateway) {
  expect(await grantKeys(gw)).toEqual([]);
  expect(await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID)).toEqual([]);
}

const authorize = (gw: OAuthGateway, params: Record<string, string>) => gw.app.request(`/oauth/authorize?${new URLSearchParams(params)}`);

describe('authorization requests the gateway must not redirect', () => {
  it('an unknown client gets a page saying so, no redirect', async () => {
    const gw = await oauthGateway();
    const response = await authorize(gw, await authorizeParams('rrc_nosuchclient'));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('No client is registered with id &quot;rrc_nosuchclient&quot;');
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_authorize_refused', client_id: 'rrc_nosuchclient' }));
  });

  it.each([
    ['another host', 'https://attacker.example/callback'],
    ['another path', 'http://127.0.0.1:7777/callback/evil'],
    ['an added query', 'http://127.0.0.1:7777/callback?x=1'],
    ['localhost for 127.0.0.1', 'http://localhost:7777/callback'],
  ])('a redirect URI with %s is refused on the page', async (_, uri) => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const response = await authorize(gw, await authorizeParams(client.client_id, { redirect_uri: uri }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('is not one that Test Client registered');
  });

  it('a loopback IP redirect URI may differ in port only (OAuth 2.1, RFC 8252)', async () => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const response = await authorize(gw, await authorizeParams(client.client_id, { redirect_uri: 'http://127.0.0.1:45678/callback' }));
    expect(response.status).toBe(200);
  });
});

describe('authorization requests answered in the redirect', () => {
  it.each([
    [{ code_challenge: '' }, 'invalid_request', 'code_challenge: is required'],
    [{ code_challenge_method: 'plain' }, 'invalid_request', 'code_challenge_method: must be "S256"'],
    [{ response_type: 'token' }, 'unsupported_response_type', 'response_type'],
    [{ resource: 'https://other.example/mcp' }, 'invalid_target', 'resource: this server is'],
  ])('%o → %s', async (change, error, description) => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const response = await authorize(gw, await authorizeParams(client.client_id, change));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('error_description')).toContain(description);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('iss')).toBe(PUBLIC_URL);
    await nothingGranted(gw);
  });

  it('the operator denying sends access_denied back', async () => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const { location } = await approve(gw, await authorizeParams(client.client_id), { decision: 'deny' });
    expect(location!.searchParams.get('error')).toBe('access_denied');
    await nothingGranted(gw);
  });

  it('consent without a valid operator token, or with a filter that leaves no tool, is shown again with the reason', async () => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const params = await authorizeParams(client.client_id);
    const wrong = await approve(gw, params, { operator_token: 'rrapi_wrong' });
    expect(wrong.response.status).toBe(400);
    expect(await wrong.response.text()).toContain('That token is not a valid operator API token');
    const empty = await approve(gw, params, { methods: 'custom', tags: 'boards' });
    expect(empty.response.status).toBe(400);
    expect(await empty.response.text()).toContain('match no tool');
    await nothingGranted(gw);
  });
});

describe('the token endpoint', () => {
  async function codeFor(gw: OAuthGateway) {
    const { body: client } = await register(gw);
    const { location } = await approve(gw, await authorizeParams(client.client_id));
    return { clientId: client.client_id as string, code: location!.searchParams.get('code')! };
  }
  const exchange = (gw: OAuthGateway, clientId: string, code: string, extra: Record<string, string> = {}) =>
    token(gw, { grant_type: 'authorization_code', code, code_verifier: VERIFIER, client_id: clientId, redirect_uri: REDIRECT_URI, ...extra });

  it.each([
    ['a wrong verifier', { code_verifier: 'w'.repeat(43) }, 'invalid_grant', 'does not match the code_challenge'],
    ['no verifier', { code_verifier: '' }, 'invalid_request', 'code_verifier: is required'],
    ['another redirect URI', { redirect_uri: 'http://127.0.0.1:7777/other' }, 'invalid_grant', 'redirect_uri'],
    ['another client', { client_id: 'rrc_other' }, 'invalid_grant', 'another client'],
    ['another resource', { resource: 'https://other.example/mcp' }, 'invalid_target', 'resource'],
  ])('refuses %s, stores no grant, and logs it', async (_, change, error, description) => {
    const gw = await oauthGateway();
    const { clientId, code } = await codeFor(gw);
    const { response, body } = await exchange(gw, clientId, code, change);
    expect(response.status).toBe(400);
    expect(body.error).toBe(error);
    expect(body.error_description).toContain(description);
    expect(await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID)).toEqual([]);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_token_refused', error }));
  });

  it('a code is spent by a failed exchange: the right verifier afterwards is refused too', async () => {
    const gw = await oauthGateway();
    const { clientId, code } = await codeFor(gw);
    await exchange(gw, clientId, code, { code_verifier: 'w'.repeat(43) });
    const { body } = await exchange(gw, clientId, code);
    expect(body.error).toBe('invalid_grant');
    expect(await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID)).toEqual([]);
  });

  it('a replayed code is refused and revokes the access it granted', async () => {
    const gw = await oauthGateway();
    const { clientId, code } = await codeFor(gw);
    const first = await exchange(gw, clientId, code);
    expect(first.response.status).toBe(200);
    const replay = await exchange(gw, clientId, code);
    expect(replay.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('already used') });
    expect((await mcpCall(gw, first.body.access_token, 'tools/list')).response.status).toBe(401);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_grant_revoked', reason: 'authorization code replayed' }));
  });

  it('an expired code is refused', async () => {
    const gw = await oauthGateway();
    const { clientId, code } = await codeFor(gw);
    gw.now.ms += 61_000;
    const { body } = await exchange(gw, clientId, code);
    expect(body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('expired') });
    expect(await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID)).toEqual([]);
  });

  it('an expired refresh token is refused', async () => {
    const gw = await oauthGateway();
    const { client, tokens } = await connectedClient(gw);
    gw.now.ms += 31 * 86_400_000;
    const { body } = await token(gw, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
    expect(body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('expired') });
  });

  it('refuses other grant types and bodies that are not a form', async () => {
    const gw = await oauthGateway();
    expect((await token(gw, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    const json = await gw.app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('is rate-limited per address', async () => {
    const gw = await oauthGateway({ oauth: { limits: { authorize: { points: 100, seconds: 60 }, token: { points: 3, seconds: 60 }, register: { points: 100, seconds: 60 } } } });
    for (let i = 0; i < 3; i++) expect((await token(gw, { grant_type: 'password' })).response.status).toBe(400);
    const limited = await token(gw, { grant_type: 'password' });
    expect(limited.response.status).toBe(429);
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_rate_limited', endpoint: 'token' }));
  });
});

describe('dynamic client registration (RFC 7591)', () => {
  it.each([
    [{ redirect_uris: ['http://evil.example/cb'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://ok.example/cb#frag'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: [] }, 'invalid_redirect_uri'],
    [{ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata'],
    [{ redirect_uris: [REDIRECT_URI], grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
  ])('%o → %s, nothing stored', async (body, error) => {
    const gw = await oauthGateway();
    const { response, body: answer } = await register(gw, body);
    expect(response.status).toBe(400);
    expect(answer.error).toBe(error);
    expect(await gw.records.store.keys('oauth')).toEqual([]);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_register_refused', error }));
  });

  it('answers a public client with its id and what it may use', async () => {
    const gw = await oauthGateway();
    const { response, body } = await register(gw, { client_name: 'Claude', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] });
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ client_id: expect.stringMatching(/^rrc_/), token_endpoint_auth_method: 'none', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] });
  });
});

describe('client ID metadata documents', () => {
  const DOC_URL = 'https://app.client.test/oauth/client.json';
  const doc = (over: Record<string, unknown> = {}) => ({ client_id: DOC_URL, client_name: 'Doc Client', redirect_uris: [REDIRECT_URI], ...over });
  const json = (body: unknown, headers: Record<string, string> = {}) => () =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });

  it('a client named by its document URL gets the consent page, and the flow completes', async () => {
    const gw = await oauthGateway();
    gw.documents.set(DOC_URL, json(doc()));
    const page = await authorize(gw, await authorizeParams(DOC_URL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<strong id="client-name">Doc Client</strong>');
    const { location } = await approve(gw, await authorizeParams(DOC_URL));
    const { body } = await token(gw, { grant_type: 'authorization_code', code: location!.searchParams.get('code')!, code_verifier: VERIFIER, client_id: DOC_URL, redirect_uri: REDIRECT_URI, resource: RESOURCE });
    expect((await mcpCall(gw, body.access_token, 'tools/list')).response.status).toBe(200);
    // Documents are not stored: only the grant's tokens are.
    expect(await gw.records.store.keys('oauth:client')).toEqual([]);
  });

  it.each([
    ['is huge', () => new Response(JSON.stringify(doc({ padding: 'x'.repeat(10_000) })), { headers: { 'content-type': 'application/json' } }), 'larger than'],
    ['is not JSON', () => new Response('<html>hi</html>', { headers: { 'content-type': 'application/json' } }), 'not JSON'],
    ['is served as HTML', () => new Response('{}', { headers: { 'content-type': 'text/html' } }), 'content type'],
    ['names another client_id', json(doc({ client_id: 'https://other.client.test/x' })), 'client_id: must equal'],
    ['has a bad redirect URI', json(doc({ redirect_uris: ['http://evil.example/cb'] })), 'redirect_uris'],
    ['redirects elsewhere', () => new Response(null, { status: 302, headers: { location: 'http://10.0.0.1/' } }), 'answered 302'],
    ['is slow', () => new Promise<Response>(() => {}), 'did not arrive within 200 ms'],
  ])('a document that %s is refused on the page and logged', async (_, answer, reason) => {
    const gw = await oauthGateway({ oauth: { documentLimits: { timeoutMs: 200 } } });
    gw.documents.set(DOC_URL, answer);
    const response = await authorize(gw, await authorizeParams(DOC_URL));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(reason);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_authorize_refused', reason: expect.stringContaining(reason) }));
    await nothingGranted(gw);
  });

  it.each([
    ['https://inside.test/client.json', 'resolves to a private address (10.0.0.5)'],
    ['https://127.0.0.1/client.json', 'names a private address'],
    ['https://[::1]/client.json', 'names a private address'],
    ['https://169.254.169.254/latest/meta-data', 'names a private address'],
  ])('a document on a private address (%s) is never fetched', async (url, reason) => {
    const gw = await oauthGateway();
    let fetched = false;
    gw.documents.set(url, () => {
      fetched = true;
      return json(doc({ client_id: url }))();
    });
    const response = await authorize(gw, await authorizeParams(url));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(reason);
    expect(fetched).toBe(false);
  });

  it('a good document is cached; a failed one is not', async () => {
    const gw = await oauthGateway();
    let fetches = 0;
    gw.documents.set(DOC_URL, () => {
      fetches++;
      return fetches === 1 ? new Response('nope', { status: 500 }) : json(doc())();
    });
    expect((await authorize(gw, await authorizeParams(DOC_URL))).status).toBe(400);
    expect((await authorize(gw, await authorizeParams(DOC_URL))).status).toBe(200);
    expect((await authorize(gw, await authorizeParams(DOC_URL))).status).toBe(200);
    expect(fetches).toBe(2);
  });
});

it('the admin API does not take an OAuth access token', async () => {
  const gw = await oauthGateway();
  const { tokens } = await connectedClient(gw);
  const response = await gw.app.request('/integrated-account', { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(response.status).toBe(401);
});
