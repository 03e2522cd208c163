import { expect } from 'vitest';
import { createGateway, type GatewayOptions } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { jsonLogger } from '../../gateway/log.ts';
import { sha256Base64Url } from '../../gateway/oauth/pkce.ts';
import { createRecords, DEFAULT_ACCOUNT_ID, type Records } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import type { Store } from '../../gateway/store/store.ts';
import { createMockRoseRocket, type MockRoseRocket } from '../../mock-roserocket/app.ts';
import { MOCK_USER_PASSWORD } from '../../mock-roserocket/auth-code.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput, ADMIN_KEY } from '../access/harness.ts';

/**
 * A gateway with its OAuth server, in-process (`app.request`) unless a test
 * serves it on a port, over the mock Rose Rocket. Client metadata documents
 * are answered by `documents` (URL → response) instead of the network, and
 * every `*.client.test` host resolves to a public address.
 */

export const PUBLIC_URL = 'http://127.0.0.1:3000';
export const RESOURCE = `${PUBLIC_URL}/mcp`;
export const REDIRECT_URI = 'http://127.0.0.1:7777/callback';
export { ADMIN_KEY };

export interface OAuthGateway {
  app: ReturnType<typeof createGateway>['app'];
  records: Records;
  mock: MockRoseRocket;
  logs: Record<string, unknown>[];
  documents: Map<string, () => Response | Promise<Response>>;
  now: { ms: number };
  /** `app.request` as a fetch, for SDK clients run in-process. */
  fetch: typeof fetch;
  /** One pass of the OAuth records' sweep. */
  sweep: ReturnType<typeof createGateway>['sweepOAuth'];
  /** The grant type of each request this instance sent to Rose Rocket's token endpoint, in order. */
  tokenGrants: string[];
}

export interface OAuthGatewayOptions {
  publicUrl?: string;
  oauth?: GatewayOptions['oauth'];
  /** Another instance's store and mock Rose Rocket, for instances side by side. */
  store?: Store;
  mock?: MockRoseRocket;
}

export async function oauthGateway(options: OAuthGatewayOptions = {}): Promise<OAuthGateway> {
  const now = { ms: Date.now() };
  const mock = options.mock ?? createMockRoseRocket();
  const records = await createRecords({ store: options.store ?? createMemoryStore(), encryptionKey: 'a'.repeat(64), now: () => now.ms });
  await records.accounts.ensureDefault(accountInput(DEMO_ORG));
  await records.apiTokens.ensureAdminToken(ADMIN_KEY);
  const logs: Record<string, unknown>[] = [];
  const tokenGrants: string[] = [];
  const documents = new Map<string, () => Response | Promise<Response>>();
  const { app, sweepOAuth } = createGateway({
    config: loadConfig({ ENCRYPTION_KEY: 'a'.repeat(64), PUBLIC_URL: options.publicUrl ?? PUBLIC_URL }),
    records,
    logger: jsonLogger((line) => logs.push(JSON.parse(line)), { level: 'debug' }),
    upstreamFetch: async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === '/oauth/token') tokenGrants.push(String((await request.clone().json().catch(() => ({}))).grant_type));
      return mock.fetch(request);
    },
    oauth: {
      documentFetch: async (input) => {
        const answer = documents.get(input instanceof Request ? input.url : String(input));
        return answer ? answer() : new Response('not found', { status: 404 });
      },
      resolve: async (host) => (host.endsWith('.client.test') ? ['93.184.216.34'] : host === 'inside.test' ? ['10.0.0.5'] : []),
      ...options.oauth,
    },
  });
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => app.request(input instanceof Request ? input : String(input), init)) as typeof globalThis.fetch;
  return { app, records, mock, logs, documents, now, fetch, sweep: sweepOAuth, tokenGrants };
}

export const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
  return body;
};

export async function register(gw: OAuthGateway, body: Record<string, unknown> = { client_name: 'Test Client', redirect_uris: [REDIRECT_URI] }) {
  const response = await gw.app.request('/oauth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { response, body: (await response.json()) as Record<string, any> };
}

export const VERIFIER = 'v'.repeat(20) + '-verifier-of-pkce-' + 'x'.repeat(20);

export async function authorizeParams(clientId: string, extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    code_challenge: await sha256Base64Url(VERIFIER),
    code_challenge_method: 'S256',
    state: 'state-123',
    resource: RESOURCE,
    ...extra,
  };
}

/** Submits the consent form as the operator would; returns the redirect's URL. */
export async function approve(gw: OAuthGateway, params: Record<string, string>, choices: Record<string, string | string[]> = {}) {
  const response = await gw.app.request('/oauth/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ ...params, operator_token: ADMIN_KEY, account_id: DEFAULT_ACCOUNT_ID, methods: 'read', expiry: 'never', decision: 'approve', ...choices }),
  });
  return { response, location: response.headers.get('location') ? new URL(response.headers.get('location')!) : null };
}

export async function token(gw: OAuthGateway, fields: Record<string, string>) {
  const response = await gw.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(fields),
  });
  return { response, body: (await response.json()) as Record<string, any> };
}

/** Registration, consent and code exchange: a client holding a token pair. */
export async function connectedClient(gw: OAuthGateway, choices: Record<string, string | string[]> = {}) {
  const { body: client } = await register(gw);
  const params = await authorizeParams(client.client_id);
  const { location } = await approve(gw, params, choices);
  const code = location!.searchParams.get('code')!;
  const { body: tokens } = await token(gw, { grant_type: 'authorization_code', code, code_verifier: VERIFIER, client_id: client.client_id, redirect_uri: REDIRECT_URI, resource: RESOURCE });
  return { client, tokens, code, params };
}

let rpcId = 0;
export async function mcpCall(gw: OAuthGateway, accessToken: string | null, method: string, params: unknown = {}) {
  const response = await gw.app.request('/mcp', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(accessToken && { authorization: `Bearer ${accessToken}` }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : null };
}

/** From the consent page through Rose Rocket's login and back: the client's tokens. */
export async function signInAs(gw: OAuthGateway, email: string) {
  const { body: client } = await register(gw);
  const params = await authorizeParams(client.client_id);
  const consent = await gw.app.request(`/oauth/authorize?${new URLSearchParams(params)}`);
  expect(await consent.text()).toContain('Sign in with Rose Rocket (');
  // Browsers hold the form's redirect to form-action: the client's origin and the account's auth server.
  expect(consent.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:7777 https://mock.roserocket.test;");

  const toRoseRocket = await gw.app.request('/oauth/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ ...params, rose_rocket_account: DEFAULT_ACCOUNT_ID }),
  });
  expect(toRoseRocket.status).toBe(303);
  const login = new URL(toRoseRocket.headers.get('location')!);
  expect(login.pathname).toBe('/authorize');
  expect(login.searchParams.get('audience')).toBe('https://roserocket.com');
  expect(login.searchParams.get('code_challenge_method')).toBe('S256');

  const fields = Object.fromEntries(login.searchParams);
  const signedIn = await gw.mock.fetch(
    new Request(`${login.origin}/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ ...fields, email, password: MOCK_USER_PASSWORD }) }),
  );
  const callback = new URL(signedIn.headers.get('location')!);
  expect(callback.origin + callback.pathname).toBe(`${PUBLIC_URL}/oauth/rose-rocket/callback`);

  const back = await gw.app.request(callback.pathname + callback.search);
  expect(back.status).toBe(303);
  const location = new URL(back.headers.get('location')!);
  expect(location.searchParams.get('iss')).toBe(PUBLIC_URL);
  expect(location.searchParams.get('state')).toBe('state-123');
  const { body: tokens } = await token(gw, {
    grant_type: 'authorization_code',
    code: location.searchParams.get('code')!,
    code_verifier: VERIFIER,
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    resource: RESOURCE,
  });
  return tokens as { access_token: string; refresh_token: string };
}
