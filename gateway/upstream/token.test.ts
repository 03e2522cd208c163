import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { UpstreamAuthError, UpstreamNetworkError, UpstreamRateLimitError } from './errors.ts';
import { ACCOUNT, authServer, TOKEN_URL, useMswServer, type AuthServerOptions } from './msw-fixtures.ts';
import { createTokenSource, type TokenSourceOptions } from './token.ts';
import { fetchSend } from './transport.ts';

const server = useMswServer();
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

function tokenSource(overrides: Partial<TokenSourceOptions> = {}) {
  const clock = { t: T0 };
  const tokens = createTokenSource({
    authUrl: ACCOUNT.authUrl,
    clientId: ACCOUNT.clientId,
    clientSecret: ACCOUNT.clientSecret,
    orgId: ACCOUNT.orgId,
    userId: ACCOUNT.userId,
    audience: 'https://roserocket.com',
    send: fetchSend((request) => fetch(request)),
    now: () => clock.t,
    timeoutMs: 1000,
    ...overrides,
  });
  return { tokens, clock };
}

function withAuth(options?: AuthServerOptions) {
  const auth = authServer(options);
  server.use(auth.handler);
  return auth;
}

describe('client credentials', () => {
  it('sends the service-account grant as JSON to <authUrl>/oauth/token', async () => {
    const auth = withAuth();
    const { tokens } = tokenSource();
    expect(await tokens.get()).toBe('access-1');
    expect(auth.grants).toEqual([
      {
        grant_type: 'client_credentials',
        client_id: ACCOUNT.clientId,
        client_secret: ACCOUNT.clientSecret,
        audience: 'https://roserocket.com',
        org_id: ACCOUNT.orgId,
        user_id: ACCOUNT.userId,
      },
    ]);
  });

  it('shares one token fetch among concurrent callers', async () => {
    const grants: unknown[] = [];
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        grants.push(await request.json());
        await delay(30);
        return HttpResponse.json({ access_token: 'shared', expires_in: 1800 });
      }),
    );
    const { tokens } = tokenSource();
    const got = await Promise.all(Array.from({ length: 8 }, () => tokens.get()));
    expect(got).toEqual(Array(8).fill('shared'));
    expect(grants).toHaveLength(1);
  });

  it.each([
    // [lifetime s, margin s]: 60 s, or 10% of the lifetime when that is smaller
    [1800, 60],
    [300, 30],
    [10, 1],
  ])('with expires_in %i, keeps the token until %i s before expiry', async (lifetime, margin) => {
    const auth = withAuth({ expiresIn: lifetime });
    const { tokens, clock } = tokenSource();
    await tokens.get();
    clock.t = T0 + (lifetime - margin) * 1000 - 1;
    expect(await tokens.get()).toBe('access-1');
    clock.t = T0 + (lifetime - margin) * 1000;
    expect(await tokens.get()).toBe('access-2');
    expect(auth.grants).toHaveLength(2);
  });

  it('keeps a token without expires_in until it is invalidated', async () => {
    let n = 0;
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ access_token: `forever-${++n}` })));
    const { tokens, clock } = tokenSource();
    await tokens.get();
    clock.t = T0 + 365 * 86_400_000;
    expect(await tokens.get()).toBe('forever-1');
    tokens.invalidate('forever-1');
    expect(await tokens.get()).toBe('forever-2');
  });

  it('ignores invalidation of a token that has already been replaced', async () => {
    const auth = withAuth();
    const { tokens } = tokenSource();
    await tokens.get();
    tokens.invalidate('access-1');
    expect(await tokens.get()).toBe('access-2');
    tokens.invalidate('access-1'); // a late 401 for the old token
    expect(await tokens.get()).toBe('access-2');
    expect(auth.grants).toHaveLength(2);
  });
});

describe('refresh tokens', () => {
  it('uses the refresh grant first once a refresh token came back', async () => {
    const auth = withAuth({ expiresIn: 100, refreshTokens: true });
    const { tokens, clock } = tokenSource();
    await tokens.get();
    clock.t += 100_000;
    expect(await tokens.get()).toBe('access-2');
    expect(auth.grants[1]).toEqual({
      grant_type: 'refresh_token',
      client_id: ACCOUNT.clientId,
      client_secret: ACCOUNT.clientSecret,
      refresh_token: 'refresh-1',
      org_id: ACCOUNT.orgId,
    });
  });

  it('falls back to client credentials when the refresh token is refused', async () => {
    const auth = withAuth({ expiresIn: 100, refreshTokens: true, refuseRefresh: true });
    const { tokens, clock } = tokenSource();
    await tokens.get();
    clock.t += 100_000;
    expect(await tokens.get()).toBe('access-3');
    expect(auth.grants.map((g) => g.grant_type)).toEqual(['client_credentials', 'refresh_token', 'client_credentials']);
  });
});

describe('auth failures', () => {
  it("reports the auth server's status and error_description, never the secret", async () => {
    server.use(
      http.post(TOKEN_URL, () =>
        HttpResponse.json({ error: 'access_denied', error_description: `Unauthorized client ${ACCOUNT.clientSecret}` }, { status: 401 }),
      ),
    );
    const { tokens } = tokenSource();
    const error = await tokens.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamAuthError);
    const payload = (error as UpstreamAuthError).toPayload();
    expect(payload).toEqual({
      status: 401,
      error: 'auth_failed',
      message: "Rose Rocket's auth server refused the client_credentials grant (401): Unauthorized client [redacted]",
    });
    expect(JSON.stringify(payload)).not.toContain(ACCOUNT.clientSecret);
  });

  it('gives a scrubbed excerpt when the auth server answers without a description', async () => {
    server.use(http.post(TOKEN_URL, () => new HttpResponse(`<h1>502</h1> upstream said client_secret=${ACCOUNT.clientSecret}`, { status: 502 })));
    const error = await tokenSource().tokens.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamAuthError);
    expect((error as Error).message).toBe(
      "Rose Rocket's auth server refused the client_credentials grant (502): <h1>502</h1> upstream said client_secret=[redacted]",
    );
  });

  it('refuses a 200 that carries no access_token', async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ token_type: 'Bearer' })));
    await expect(tokenSource().tokens.get()).rejects.toThrow(
      new UpstreamAuthError(200, "Rose Rocket's auth server answered 200 without an access_token"),
    );
  });

  it('passes a 429 from the auth server on as a rate limit, without retrying', async () => {
    let calls = 0;
    server.use(
      http.post(TOKEN_URL, () => {
        calls++;
        return HttpResponse.json({ error: 'too_many_requests' }, { status: 429, headers: { 'Retry-After': '12' } });
      }),
    );
    const error = await tokenSource().tokens.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamRateLimitError);
    expect((error as UpstreamRateLimitError).toPayload()).toMatchObject({ status: 429, retry_after: 12, ratelimit: { reset: 12 } });
    expect(calls).toBe(1);
  });

  it('does not cache a failure: the next caller tries again', async () => {
    withAuth();
    server.use(http.post(TOKEN_URL, () => HttpResponse.error(), { once: true })); // msw tries the newest handler first
    const { tokens } = tokenSource();
    await expect(tokens.get()).rejects.toBeInstanceOf(UpstreamNetworkError);
    expect(await tokens.get()).toBe('access-1');
  });
});
