import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createRoseRocketClient } from './client.ts';
import { nodeHttpSend } from './node-http.ts';
import { UpstreamAuthError, UpstreamHttpError, UpstreamProtocolError, UpstreamRateLimitError } from './errors.ts';
import { ACCOUNT, API, bearer, clientFixtures, failure, getOrder, NOW, ORDER, useMswServer } from './msw-fixtures.ts';

const server = useMswServer();
/**
 * The client's answers by status class (2xx, 4xx, 401, 429, 5xx), what it
 * says of them, and what it keeps out of what it says. Failures with no
 * status (network, time, unsendable requests) are in client-no-status.test.ts.
 */
const { client, objectEndpoint } = clientFixtures(server);

describe('2xx', () => {
  it('returns the status and parsed JSON body, with no rate limit when upstream sent none', async () => {
    const { rr } = client();
    const seen = objectEndpoint(() => HttpResponse.json(ORDER));
    expect(await rr.call(getOrder)).toEqual({ status: 200, body: ORDER, rateLimit: null });
    expect(bearer(seen[0]!)).toBe('access-1');
    expect(seen[0]!.headers.get('x-org-id')).toBe(ACCOUNT.orgId);
  });

  it('sends the encoded path, query and JSON body', async () => {
    const { rr } = client();
    let received: { url: string; body: unknown } | undefined;
    server.use(
      http.patch(`${API}/objects/:objectKey/:externalId/external`, async ({ request }) => {
        received = { url: request.url, body: await request.json() };
        return HttpResponse.json(ORDER);
      }),
    );
    await rr.call({
      method: 'PATCH',
      path: ['objects', 'order', 'ERP/992 x', 'external'],
      query: { paths: ['customer', 'stops'], boardId: undefined },
      body: { objectKey: 'order', json: { notes: 'hi' } },
    });
    expect(received).toEqual({
      url: `${API}/objects/order/ERP%2F992%20x/external?paths=customer%2Cstops`,
      body: { objectKey: 'order', json: { notes: 'hi' } },
    });
  });

  it('passes the status through (201 from an upsert)', async () => {
    const { rr } = client();
    server.use(http.patch(`${API}/objects`, () => HttpResponse.json(ORDER, { status: 201 })));
    expect(await rr.call({ method: 'PATCH', path: ['objects'], body: { objectKey: 'order', json: {} } })).toMatchObject({ status: 201, body: ORDER });
  });

  it('gives a null body for 204 and for an empty 200', async () => {
    const { rr } = client();
    server.use(
      http.post(`${API}/objects/bulk_delete`, () => new HttpResponse(null, { status: 204 })),
      http.get(`${API}/userGroups`, () => new HttpResponse('', { status: 200 })),
    );
    expect(await rr.call({ method: 'POST', path: ['objects', 'bulk_delete'], body: {} })).toEqual({ status: 204, body: null, rateLimit: null });
    expect(await rr.call({ method: 'GET', path: ['userGroups'] })).toEqual({ status: 200, body: null, rateLimit: null });
  });

  it('normalises rate-limit headers on a success too', async () => {
    const { rr } = client();
    objectEndpoint(() => HttpResponse.json(ORDER, { headers: { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '99', 'X-RateLimit-Reset': '60' } }));
    expect((await rr.call(getOrder)).rateLimit).toEqual({ limit: 100, remaining: 99, reset: 60, retryAfter: null });
  });

  it('fetches the token once and reuses it across calls', async () => {
    const { rr, auth } = client();
    const seen = objectEndpoint(() => HttpResponse.json(ORDER));
    await rr.call(getOrder);
    await rr.call(getOrder);
    expect(auth.grants).toHaveLength(1);
    expect(seen.map(bearer)).toEqual(['access-1', 'access-1']);
  });
});

describe('4xx', () => {
  it('gives the string[] message of a validation error, once, with the status', async () => {
    const { rr } = client();
    const envelope = { statusCode: 400, message: ['boardId should not be empty', 'boardId must be a UUID'], error: 'Bad Request' };
    let calls = 0;
    server.use(http.post(`${API}/objects/search`, () => (calls++, HttpResponse.json(envelope, { status: 400 }))));
    const error = await failure(rr.call({ method: 'POST', path: ['objects', 'search'], body: {} }));
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect((error as UpstreamHttpError).upstreamMessage).toEqual(envelope.message);
    expect(error.toPayload()).toEqual({
      status: 400,
      error: 'upstream_error',
      message: 'Rose Rocket answered 400 to POST /objects/search: boardId should not be empty; boardId must be a UUID',
      excerpt: JSON.stringify(envelope),
    });
    expect(calls).toBe(1);
  });

  it('gives a string message as is', async () => {
    const { rr } = client();
    server.use(
      http.get(`${API}/userGroups/:id/members`, () =>
        HttpResponse.json({ statusCode: 404, message: 'User group with ID "x" not found.', error: 'Not Found' }, { status: 404 }),
      ),
    );
    const error = await failure(rr.call({ method: 'GET', path: ['userGroups', 'x', 'members'] }));
    expect(error.status).toBe(404);
    expect(error.message).toBe('Rose Rocket answered 404 to GET /userGroups/x/members: User group with ID "x" not found.');
  });
});

describe('401', () => {
  it('gets a fresh token and retries the call once', async () => {
    const { rr, auth } = client();
    const seen = objectEndpoint((request) =>
      bearer(request) === 'access-1' ? HttpResponse.json({ statusCode: 401, message: 'Unauthorized' }, { status: 401 }) : HttpResponse.json(ORDER),
    );
    expect(await rr.call(getOrder)).toMatchObject({ status: 200, body: ORDER });
    expect(seen.map(bearer)).toEqual(['access-1', 'access-2']);
    expect(auth.grants).toHaveLength(2);
  });

  it('gives up after a second 401, with a clear auth error', async () => {
    const { rr, auth } = client();
    const seen = objectEndpoint(() => HttpResponse.json({ statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' }, { status: 401 }));
    const error = await failure(rr.call(getOrder));
    expect(error).toBeInstanceOf(UpstreamAuthError);
    expect(error.toPayload()).toEqual({
      status: 401,
      error: 'auth_failed',
      message: `Rose Rocket refused a freshly issued access token for GET /objects/${ORDER.id}: Unauthorized`,
    });
    expect(seen).toHaveLength(2);
    expect(auth.grants).toHaveLength(2);
  });

  it('refreshes once for concurrent calls that all met the same dead token', async () => {
    const { rr, auth } = client();
    const seen = objectEndpoint(async (request) => {
      await delay(10);
      return bearer(request) === 'access-1' ? new HttpResponse(null, { status: 401 }) : HttpResponse.json(ORDER);
    });
    const results = await Promise.all([rr.call(getOrder), rr.call(getOrder), rr.call(getOrder)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(auth.grants).toHaveLength(2);
    expect(seen.map(bearer).sort()).toEqual(['access-1', 'access-1', 'access-1', 'access-2', 'access-2', 'access-2']);
  });
});

describe('429: no retry, the rate limit normalised in every dialect', () => {
  const throttled = { statusCode: 429, message: 'ThrottlerException: Too Many Requests', error: 'Too Many Requests' };
  const limited = { limit: 100, remaining: 0, reset: 30 };
  it.each<[string, Record<string, string>, { limit: number | null; remaining: number | null; reset: number | null }, number | null]>([
    ['no headers', {}, { limit: null, remaining: null, reset: null }, null],
    ['X-RateLimit-* (epoch seconds)', { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW / 1000 + 30) }, limited, null],
    ['X-RateLimit-* (delta seconds)', { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '30' }, limited, null],
    ['RateLimit-* (draft-06)', { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '30' }, limited, null],
    ['RateLimit + RateLimit-Policy (draft-08+)', { RateLimit: '"default";r=0;t=30', 'RateLimit-Policy': '"default";q=100;w=60' }, limited, null],
    ['Retry-After seconds', { 'Retry-After': '30' }, { limit: null, remaining: null, reset: 30 }, 30],
    ['Retry-After HTTP-date, over a reset', { 'Retry-After': new Date(NOW + 30_000).toUTCString(), 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '5' }, limited, 30],
  ])('%s', async (_, headers, ratelimit, retryAfter) => {
    const { rr } = client();
    const seen = objectEndpoint(() => HttpResponse.json(throttled, { status: 429, headers }));
    const error = await failure(rr.call(getOrder));
    expect(error).toBeInstanceOf(UpstreamRateLimitError);
    expect(error.toPayload()).toEqual({
      status: 429,
      error: 'rate_limited',
      message: expect.stringContaining(`Rose Rocket rate-limited GET /objects/${ORDER.id} (ThrottlerException: Too Many Requests)`),
      ratelimit,
      retry_after: retryAfter,
    });
    expect(seen).toHaveLength(1);
  });
});

describe('5xx', () => {
  it("gives Rose Rocket's 500 envelope with the status, without retrying", async () => {
    const { rr } = client();
    const seen = objectEndpoint(() => HttpResponse.json({ statusCode: 500, message: 'Internal server error' }, { status: 500 }));
    const error = await failure(rr.call(getOrder));
    expect(error.toPayload()).toMatchObject({ status: 500, error: 'upstream_error', message: `Rose Rocket answered 500 to GET /objects/${ORDER.id}: Internal server error` });
    expect(seen).toHaveLength(1);
  });

  it('gives a one-line excerpt of a non-JSON error page', async () => {
    const { rr } = client();
    objectEndpoint(() => new HttpResponse('<html>\n<body>\n<h1>503 Service Temporarily Unavailable</h1>\n</body>\n</html>', { status: 503 }));
    const error = await failure(rr.call(getOrder));
    expect(error.toPayload()).toEqual({
      status: 503,
      error: 'upstream_error',
      message: `Rose Rocket answered 503 to GET /objects/${ORDER.id}`,
      excerpt: '<html> <body> <h1>503 Service Temporarily Unavailable</h1> </body> </html>',
    });
  });
});

describe('non-JSON success', () => {
  it('is a protocol error with the status and an excerpt', async () => {
    const { rr } = client();
    objectEndpoint(() => HttpResponse.text('<html>Login</html>'));
    const error = await failure(rr.call(getOrder));
    expect(error).toBeInstanceOf(UpstreamProtocolError);
    expect(error.toPayload()).toEqual({
      status: 200,
      error: 'invalid_response',
      message: `Rose Rocket answered 200 to GET /objects/${ORDER.id} with a body that is not JSON`,
      excerpt: '<html>Login</html>',
    });
  });
});

describe('credentials never reach an error', () => {
  it('scrubs the bearer token, token fields and the secret from messages and excerpts', async () => {
    const { rr } = client();
    objectEndpoint((request) =>
      HttpResponse.json(
        {
          statusCode: 502,
          message: `proxy saw Authorization: ${request.headers.get('authorization')} and ${ACCOUNT.clientSecret}`,
          debug: { access_token: bearer(request), client_secret: ACCOUNT.clientSecret, raw: bearer(request) },
        },
        { status: 502 },
      ),
    );
    const error = await failure(rr.call(getOrder));
    const seenByModel = JSON.stringify(error.toPayload()) + error.message;
    expect(seenByModel).not.toContain('access-1');
    expect(seenByModel).not.toContain(ACCOUNT.clientSecret);
    expect(error.message).toBe(`Rose Rocket answered 502 to GET /objects/${ORDER.id}: proxy saw Authorization: Bearer [redacted] and [redacted]`);
  });
});

describe('checkCredentials', () => {
  it('asks <api origin>/api/v1/me with the account token', async () => {
    const { rr } = client();
    let auth: string | null = null;
    server.use(
      http.get('https://network.rr.test/api/v1/me', ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json({ id: ACCOUNT.userId });
      }),
    );
    expect(await rr.checkCredentials()).toMatchObject({ status: 200, body: { id: ACCOUNT.userId } });
    expect(auth).toBe('Bearer access-1');
  });

  it('fails with the auth error when the credentials are refused', async () => {
    server.use(http.post(`${ACCOUNT.authUrl}/oauth/token`, () => HttpResponse.json({ error: 'access_denied', error_description: 'Unauthorized' }, { status: 403 })));
    const rr = createRoseRocketClient({ account: ACCOUNT, send: nodeHttpSend });
    const error = await failure(rr.checkCredentials());
    expect(error.toPayload()).toEqual({ status: 403, error: 'auth_failed', message: "Rose Rocket's auth server refused the client_credentials grant (403): Unauthorized" });
  });
});
