import { createGateway, type GatewayOptions } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { jsonLogger } from '../../gateway/log.ts';
import { sha256Base64Url } from '../../gateway/oauth/pkce.ts';
import { createRecords, DEFAULT_ACCOUNT_ID, type Records } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { createMockRoseRocket, type MockRoseRocket } from '../../mock-roserocket/app.ts';
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
}

export async function oauthGateway(options: { publicUrl?: string; oauth?: GatewayOptions['oauth'] } = {}): Promise<OAuthGateway> {
  const now = { ms: Date.now() };
  const mock = createMockRoseRocket();
  const records = await createRecords({ store: createMemoryStore(), encryptionKey: 'a'.repeat(64), now: () => now.ms });
  await records.accounts.ensureDefault(accountInput(DEMO_ORG));
  await records.apiTokens.ensureAdminToken(ADMIN_KEY);
  const logs: Record<string, unknown>[] = [];
  const documents = new Map<string, () => Response | Promise<Response>>();
  const { app, sweepOAuth } = createGateway({
    config: loadConfig({ ENCRYPTION_KEY: 'a'.repeat(64), PUBLIC_URL: options.publicUrl ?? PUBLIC_URL }),
    records,
    logger: jsonLogger((line) => logs.push(JSON.parse(line)), { level: 'debug' }),
    upstreamFetch: async (input, init) => mock.fetch(new Request(input, init)),
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
  return { app, records, mock, logs, documents, now, fetch, sweep: sweepOAuth };
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
