import { describe, expect, it } from 'vitest';
import { createMockRoseRocket } from './app.ts';
import { DEMO_ORG, OTHER_ORG } from './orgs.ts';
import { callApi, clientCredentials, getToken, postToken, type TokenAnswer } from './test-support.ts';

const UNAUTHORIZED = { error: 'access_denied', error_description: 'Unauthorized' };

describe('POST /oauth/token', () => {
  it('issues an opaque Bearer token and a refresh token for client credentials (JSON)', async () => {
    const mock = createMockRoseRocket();
    const res = await postToken(mock, clientCredentials());
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenAnswer;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]{40,}$/),
      token_type: 'Bearer',
      expires_in: 1800,
      refresh_token: expect.stringMatching(/^[\w-]{40,}$/),
    });
    expect(body.access_token).not.toBe(body.refresh_token);
    expect(body.access_token.split('.')).toHaveLength(1); // not a JWT
  });

  it('accepts a form-urlencoded body too', async () => {
    const mock = createMockRoseRocket();
    const res = await mock.fetch(
      new Request('http://mock/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(clientCredentials()).toString(),
      }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as TokenAnswer).token_type).toBe('Bearer');
  });

  it('gives each token the configured lifetime', async () => {
    const mock = createMockRoseRocket({ tokenLifetimeSeconds: 60 });
    expect((await getToken(mock)).expires_in).toBe(60);
    mock.control.configure({ tokenLifetimeSeconds: 90 });
    expect((await getToken(mock)).expires_in).toBe(90);
  });

  it('trades a refresh token for a new access token, keeping the refresh token', async () => {
    const mock = createMockRoseRocket();
    const first = await getToken(mock);
    const res = await postToken(mock, {
      grant_type: 'refresh_token',
      client_id: DEMO_ORG.clientId,
      client_secret: DEMO_ORG.clientSecret,
      refresh_token: first.refresh_token,
      org_id: DEMO_ORG.orgId,
    });
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenAnswer;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toBe(first.refresh_token);
    expect((await callApi(mock, second.access_token, '/api/v1/me')).status).toBe(200);
  });

  const refreshGrant = (refreshToken: string) => ({
    grant_type: 'refresh_token',
    client_id: DEMO_ORG.clientId,
    client_secret: DEMO_ORG.clientSecret,
    refresh_token: refreshToken,
    org_id: DEMO_ORG.orgId,
  });

  it.each([
    ['a wrong client secret', { ...clientCredentials(), client_secret: 'nope' }],
    ['an unknown client id', { ...clientCredentials(), client_id: 'who' }],
    ['another org’s secret', { ...clientCredentials(), client_secret: OTHER_ORG.clientSecret }],
  ])('answers 401 access_denied for %s', async (_, body) => {
    const res = await postToken(createMockRoseRocket(), body);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(UNAUTHORIZED);
  });

  it.each([
    ['grant_type', (({ grant_type: _, ...rest }) => rest)(clientCredentials())],
    ['client_id', (({ client_id: _, ...rest }) => rest)(clientCredentials())],
    ['client_secret', { ...clientCredentials(), client_secret: '' }],
    ['audience', (({ audience: _, ...rest }) => rest)(clientCredentials())],
    ['org_id', (({ org_id: _, ...rest }) => rest)(clientCredentials())],
    ['user_id', (({ user_id: _, ...rest }) => rest)(clientCredentials())],
    ['refresh_token', (({ refresh_token: _, ...rest }) => rest)(refreshGrant('x'))],
  ])('answers 400 invalid_request naming a missing %s', async (field, body) => {
    const res = await postToken(createMockRoseRocket(), body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: `Missing required parameter: ${field}`,
    });
  });

  it('answers 400 invalid_request for a non-string field', async () => {
    const res = await postToken(createMockRoseRocket(), { ...clientCredentials(), org_id: 42 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_request', error_description: 'Parameter org_id must be a string' });
  });

  it('answers 400 unsupported_grant_type for another grant', async () => {
    const res = await postToken(createMockRoseRocket(), { ...clientCredentials(), grant_type: 'password' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant type: password',
    });
  });

  it.each([
    ['audience', { audience: 'https://example.com' }, 'Service not found: https://example.com'],
    ['org_id', { org_id: OTHER_ORG.orgId }, `org_id ${OTHER_ORG.orgId} is not an organization of this client`],
    ['user_id', { user_id: OTHER_ORG.userId }, `user_id ${OTHER_ORG.userId} is not a user of this organization`],
  ])('answers 403 access_denied for a wrong %s', async (_, change, description) => {
    const res = await postToken(createMockRoseRocket(), { ...clientCredentials(), ...change });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'access_denied', error_description: description });
  });

  it('answers 403 invalid_grant for an unknown refresh token, or one issued to another client', async () => {
    const mock = createMockRoseRocket();
    const others = await getToken(mock, OTHER_ORG);
    for (const token of ['not-a-token', others.refresh_token]) {
      const res = await postToken(mock, refreshGrant(token));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    }
  });

  it('answers 400 invalid_request for malformed JSON, a non-object, or another content type', async () => {
    const mock = createMockRoseRocket();
    const send = (body: string, type: string) =>
      mock.fetch(new Request('http://mock/oauth/token', { method: 'POST', headers: { 'content-type': type }, body }));
    const cases = [
      [await send('{"grant_type":', 'application/json'), 'Request body is not valid JSON'],
      [await send('["client_credentials"]', 'application/json'), 'Request body must be a JSON object'],
      [await send('grant_type=client_credentials', 'text/plain'), 'Content-Type must be application/json or application/x-www-form-urlencoded'],
    ] as const;
    for (const [res, description] of cases) {
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'invalid_request', error_description: description });
    }
  });
});

describe('Bearer tokens on API calls', () => {
  const unauthorized = (message: string) => ({ statusCode: 401, message, error: 'Unauthorized' });

  it('answers 401 in the NestJS envelope without a usable Authorization header', async () => {
    const mock = createMockRoseRocket();
    const none = await mock.fetch(new Request('http://mock/api/v2/platformModel/userGroups'));
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual(
      unauthorized('Authorization header is missing: send "Authorization: Bearer <access_token>"'),
    );
    const basic = await mock.fetch(
      new Request('http://mock/api/v1/me', { headers: { authorization: 'Basic ZGVtbzpkZW1v' } }),
    );
    expect(basic.status).toBe(401);
    expect(await basic.json()).toEqual(unauthorized('Authorization header must be "Bearer <access_token>"'));
    const unknown = await callApi(mock, 'made-up-token', '/api/v1/me');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(unauthorized('Access token is not valid'));
  });

  it('answers 401 once the token has outlived its lifetime', async () => {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const mock = createMockRoseRocket({ tokenLifetimeSeconds: 60, now: () => now });
    const { access_token } = await getToken(mock);
    now += 59_999;
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(200);
    now += 1;
    const res = await callApi(mock, access_token, '/api/v1/me');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(unauthorized('Access token has expired'));
  });

  it('answers 403 when x-org-id names another org, and accepts the token’s own', async () => {
    const mock = createMockRoseRocket();
    const { access_token } = await getToken(mock);
    const other = await callApi(mock, access_token, '/api/v1/me', { headers: { 'x-org-id': OTHER_ORG.orgId } });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({
      statusCode: 403,
      message: `x-org-id ${OTHER_ORG.orgId} does not match the organization of the access token`,
      error: 'Forbidden',
    });
    const own = await callApi(mock, access_token, '/api/v1/me', { headers: { 'x-org-id': DEMO_ORG.orgId } });
    expect(own.status).toBe(200);
  });

  it('GET /api/v1/me names the token’s user and org', async () => {
    const mock = createMockRoseRocket();
    for (const org of [DEMO_ORG, OTHER_ORG]) {
      const { access_token } = await getToken(mock, org);
      const res = await callApi(mock, access_token, '/api/v1/me');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        user: { id: org.userId, email: org.userEmail, firstName: org.userFirstName, orgId: org.orgId },
        org: { id: org.orgId, name: org.name, subdomain: org.subdomain, timezone: org.timezone },
      });
    }
  });
});
