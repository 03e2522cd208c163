import { http, HttpResponse } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createRoseRocketClient, type RoseRocketAccount, type RoseRocketClientOptions } from './client.ts';
import { UpstreamError } from './errors.ts';
import { nodeHttpSend } from './node-http.ts';

/**
 * Shared by the client tests: one msw server per test file that fails any
 * request no handler expects, an auth server that hands out numbered
 * tokens and records every grant it was sent, and a client over both.
 */
export const ACCOUNT: RoseRocketAccount = {
  apiUrl: 'https://network.rr.test/api/v2/platformModel',
  authUrl: 'https://auth.rr.test',
  clientId: 'client-0001',
  clientSecret: 'sup3r-s3cret-value-7f2c',
  orgId: '0f5c2a8e-1b7d-4c3a-9e21-6d8f4b2a7c10',
  userId: '6a1e9c3b-2d4f-4b8a-8c17-3e5f7a9b1d20',
};
export const API = ACCOUNT.apiUrl;
export const TOKEN_URL = `${ACCOUNT.authUrl}/oauth/token`;

export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export interface AuthServerOptions {
  expiresIn?: number;
  /** Hand out refresh tokens (`refresh-1`, …) with each access token. */
  refreshTokens?: boolean;
  /** Refuse refresh grants with 403, as Auth0 does for a revoked refresh token. */
  refuseRefresh?: boolean;
}

export interface AuthServer {
  readonly grants: Record<string, string>[];
  handler: ReturnType<typeof http.post>;
}

export function authServer(options: AuthServerOptions = {}): AuthServer {
  const grants: Record<string, string>[] = [];
  const handler = http.post(TOKEN_URL, async ({ request }) => {
    const grant = (await request.json()) as Record<string, string>;
    grants.push(grant);
    if (grant.grant_type === 'refresh_token' && options.refuseRefresh) {
      return HttpResponse.json({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' }, { status: 403 });
    }
    const n = grants.length;
    return HttpResponse.json({
      access_token: `access-${n}`,
      token_type: 'Bearer',
      expires_in: options.expiresIn ?? 1800,
      ...(options.refreshTokens ? { refresh_token: `refresh-${n}` } : {}),
    });
  });
  return { grants, handler };
}

/** The bearer token a request carried, so handlers can answer per token. */
export function bearer(request: Request): string | undefined {
  return request.headers.get('authorization')?.replace(/^Bearer /, '');
}

export const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
export const ORDER = { id: 'b3c1e2d4-0000-4000-8000-000000000001', objectKey: 'order', fullId: 'O-19', externalId: 'ERP-992' };
export const getOrder = { method: 'GET', path: ['objects', ORDER.id] } as const;

/** A client of `ACCOUNT` (node:http sender, a fixed clock) over `server`, and `GET /objects/<id>` answered there. */
export function clientFixtures(server: SetupServer) {
  return {
    client(overrides: Partial<RoseRocketClientOptions> = {}) {
      const auth = authServer();
      server.use(auth.handler);
      return { rr: createRoseRocketClient({ account: ACCOUNT, now: () => NOW, send: nodeHttpSend, ...overrides }), auth };
    },
    /** Answers `GET /objects/<id>` with `respond`, counting the calls. */
    objectEndpoint(respond: (request: Request) => Response | Promise<Response>) {
      const seen: Request[] = [];
      server.use(
        http.get(`${API}/objects/:id`, ({ request }) => {
          seen.push(request);
          return respond(request);
        }),
      );
      return seen;
    },
  };
}

/** The `UpstreamError` a call failed with (and the test fails if it succeeded, or failed otherwise). */
export async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => expect.unreachable('the call should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
