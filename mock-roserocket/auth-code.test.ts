import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMockRoseRocket, type MockRoseRocket } from './app.ts';
import { MOCK_USER_PASSWORD } from './auth-code.ts';
import { AUDIENCE } from './auth.ts';
import { DEMO_ORG, OTHER_ORG } from './orgs.ts';
import { API, callApi, postToken, type TokenAnswer } from './test-support.ts';

const REDIRECT = 'https://gateway.example/oauth/rose-rocket/callback';
const VERIFIER = 'a-verifier-of-forty-three-characters-or-more-0123';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

const authorizeQuery = (over: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: 'code',
    client_id: DEMO_ORG.clientId,
    redirect_uri: REDIRECT,
    audience: AUDIENCE,
    org_id: DEMO_ORG.orgId,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    state: 's1',
    ...over,
  });

async function signIn(mock: MockRoseRocket, email: string, password = MOCK_USER_PASSWORD) {
  const body = authorizeQuery();
  body.set('email', email);
  body.set('password', password);
  return mock.fetch(new Request('http://mock/authorize', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
}

const exchange = (mock: MockRoseRocket, code: string, verifier = VERIFIER) =>
  postToken(mock, { grant_type: 'authorization_code', client_id: DEMO_ORG.clientId, client_secret: DEMO_ORG.clientSecret, code, code_verifier: verifier, redirect_uri: REDIRECT });

async function userToken(mock: MockRoseRocket, email: string): Promise<TokenAnswer> {
  const location = new URL((await signIn(mock, email)).headers.get('location')!);
  return (await (await exchange(mock, location.searchParams.get('code')!)).json()) as TokenAnswer;
}

describe('the authorization code flow with PKCE', () => {
  it('shows a login page for a well-formed request, and refuses one without PKCE or for another org', async () => {
    const mock = createMockRoseRocket();
    const page = await mock.fetch(new Request(`http://mock/authorize?${authorizeQuery()}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in to Rose Rocket');
    expect((await mock.fetch(new Request(`http://mock/authorize?${authorizeQuery({ code_challenge_method: 'plain' })}`))).status).toBe(400);
    expect((await mock.fetch(new Request(`http://mock/authorize?${authorizeQuery({ org_id: OTHER_ORG.orgId })}`))).status).toBe(400);
  });

  it('signs a seeded user in and sends the code back with the state', async () => {
    const mock = createMockRoseRocket();
    const response = await signIn(mock, 'marcus.chen@demo-freight.example');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('s1');
    expect((await signIn(mock, 'marcus.chen@demo-freight.example', 'wrong')).status).toBe(401);
    expect((await signIn(mock, 'ivan.petrov@northwind.example')).status).toBe(401);
  });

  it('trades the code once, only with its verifier, for tokens that act as that user', async () => {
    const mock = createMockRoseRocket();
    const location = new URL((await signIn(mock, 'marcus.chen@demo-freight.example')).headers.get('location')!);
    const code = location.searchParams.get('code')!;
    const tokens = (await (await exchange(mock, code)).json()) as TokenAnswer;
    expect(tokens).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    expect((await (await exchange(mock, code)).json()) as object).toMatchObject({ error: 'invalid_grant' });

    const other = new URL((await signIn(mock, 'marcus.chen@demo-freight.example')).headers.get('location')!);
    expect((await (await exchange(mock, other.searchParams.get('code')!, 'w'.repeat(43))).json()) as object).toMatchObject({ error: 'invalid_grant' });

    const created = await callApi(mock, tokens.access_token, `${API}/objects`, { method: 'POST', body: { objectKey: 'customer', json: { name: 'By Marcus' } } });
    expect(created.status).toBe(200);
    expect(((await created.json()) as { createdBy: unknown }).createdBy).toBe('39372f77-c405-4887-971d-4310ed0d865e');
  });

  it('a driver may read but Rose Rocket refuses their writes', async () => {
    const mock = createMockRoseRocket();
    const tokens = await userToken(mock, 'luis.ortega@demo-freight.example');
    const write = await callApi(mock, tokens.access_token, `${API}/objects`, { method: 'POST', body: { objectKey: 'customer', json: { name: 'By Luis' } } });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ statusCode: 403, message: 'Forbidden resource' });
    const read = await callApi(mock, tokens.access_token, `${API}/boards/nav?objectKey=order`);
    expect(read.status).toBe(200);
  });
});
