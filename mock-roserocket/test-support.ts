/**
 * Helpers for tests that drive a mock in-process: get a token the way a
 * client would, then call the API with it.
 */
import type { MockRoseRocket } from './app.ts';
import { AUDIENCE } from './auth.ts';
import { DEMO_ORG, type SeedOrg } from './orgs.ts';

export const API = '/api/v2/platformModel';

export interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

export function clientCredentials(org: SeedOrg = DEMO_ORG) {
  return {
    grant_type: 'client_credentials',
    client_id: org.clientId,
    client_secret: org.clientSecret,
    audience: AUDIENCE,
    org_id: org.orgId,
    user_id: org.userId,
  };
}

export function postToken(mock: MockRoseRocket, body: unknown): Promise<Response> {
  return mock.fetch(
    new Request('http://mock/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export async function getToken(mock: MockRoseRocket, org: SeedOrg = DEMO_ORG): Promise<TokenAnswer> {
  const res = await postToken(mock, clientCredentials(org));
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenAnswer;
}

/** An authenticated API call; `body` is sent as JSON. */
export function callApi(
  mock: MockRoseRocket,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return mock.fetch(
    new Request(`http://mock${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    }),
  );
}
