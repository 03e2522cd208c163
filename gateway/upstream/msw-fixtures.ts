import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RoseRocketAccount } from './client.ts';

/**
 * Shared by the client tests: one msw server per test file that fails any
 * request no handler expects, and an auth server that hands out numbered
 * tokens and records every grant it was sent.
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
