import { z } from 'zod';
import { createGateway } from '../../gateway/app.ts';
import { CALL_OUTCOMES, type CallEntry } from '../../gateway/call-log/call-log.ts';
import { loadConfig } from '../../gateway/config.ts';
import { jsonLogger } from '../../gateway/log.ts';
import { storedClient } from '../../gateway/oauth/clients.ts';
import { storedCode, storedToken as storedGrantToken, usedMarker } from '../../gateway/oauth/grants.ts';
import { storedPending } from '../../gateway/oauth/rose-rocket-sign-in.ts';
import { stored as storedSetting } from '../../gateway/oauth/sign-in-setting.ts';
import { refreshClaim, stored as storedPersonTokens } from '../../gateway/oauth/user-tokens.ts';
import { storedAccount } from '../../gateway/records/accounts.ts';
import { revokedAdminKey, storedToken as storedApiToken } from '../../gateway/records/api-tokens.ts';
import { recordIndex } from '../../gateway/records/codec.ts';
import { createRecords, DEFAULT_ACCOUNT_ID, type Records } from '../../gateway/records/index.ts';
import { storedServer } from '../../gateway/records/mcp-servers.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import type { Store } from '../../gateway/store/store.ts';
import { SESSION_COOKIE, storedSession } from '../../gateway/ui/session.ts';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { DEMO_ORG, OTHER_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput, MOCK_BASE } from '../access/harness.ts';

/**
 * The gateway the fuzzing tests send generated requests to: in-process
 * (`app.request`, no port), over the mock Rose Rocket, with known secrets
 * seeded so that an answer or a log line that holds one is caught, every
 * log line kept, and a store that remembers every key written so that
 * every record can be checked after each request.
 */

export const ADMIN_KEY = 'fuzz-operator-token-0123456789';
export const PUBLIC_URL = 'http://127.0.0.1:3000';

/** A store that remembers every key ever written, so an audit can read them all back. */
function recordingStore(inner: Store): Store & { written: Set<string> } {
  const written = new Set<string>();
  return {
    ...inner,
    written,
    async set(key, value) {
      written.add(key);
      return inner.set(key, value);
    },
    async setIfAbsent(key, value) {
      written.add(key);
      return inner.setIfAbsent(key, value);
    },
    async replace(key, value) {
      written.add(key);
      return inner.replace(key, value);
    },
  };
}

const callEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  account_id: z.string().min(1),
  server_id: z.string().min(1),
  tool: z.string(),
  outcome: z.enum(CALL_OUTCOMES),
  latency_ms: z.number().nonnegative(),
  upstream_status: z.number().int().nullable(),
  ratelimit: z.object({ limit: z.number().nullable(), remaining: z.number().nullable(), reset: z.number().nullable() }).nullable(),
  error: z.string().nullable(),
  arguments: z.unknown().optional(),
}) satisfies z.ZodType<CallEntry, unknown>;

/** Each kind of key the gateway writes, and the schema its document must satisfy. A key of no known kind fails the audit. */
const SCHEMAS: [RegExp, z.ZodType][] = [
  [/^account:[^:]+$/, storedAccount],
  [/^mcp:by-token:[0-9a-f]{64}$/, storedServer],
  [/^mcp:by-account:[^:]+:[^:]+$/, recordIndex],
  [/^api-token:by-hash:[0-9a-f]{64}$/, storedApiToken],
  [/^api-token:by-id:[^:]+$/, recordIndex],
  [/^api-token:revoked-admin-key:[0-9a-f]{64}$/, revokedAdminKey],
  [/^oauth:client:[^:]+$/, storedClient],
  [/^oauth:code:[^:]+$/, storedCode],
  [/^oauth:(?:access|refresh):[^:]+$/, storedGrantToken],
  [/^oauth:(?:code|refresh)-used:[^:]+$/, usedMarker],
  [/^oauth:sign-in:[^:]+$/, storedSetting],
  [/^oauth:sign-in-state:[^:]+$/, storedPending],
  [/^oauth:rose-rocket-user:[^:]+$/, storedPersonTokens],
  [/^oauth:rose-rocket-refresh:[^:]+:\d+:\d+$/, refreshClaim],
  [/^ui-session:[0-9a-f]{64}$/, storedSession],
  [/^call-log:/, z.array(callEntry)],
];

export interface FuzzGateway {
  app: ReturnType<typeof createGateway>['app'];
  records: Records;
  /** Every log line, as written. */
  logs: string[];
  /** Values that must never appear in an answer or a log line, in any letter case. */
  secrets: string[];
  /** Ids that name records, so generated paths reach them as well as ids that don't. */
  knownIds: string[];
  /** The same, by the route parameter that takes them. Not `env-admin`: revoking the operator's token would end the run's reach. */
  idsByParam: Record<string, string[]>;
  mcpToken: string;
  accountApiToken: string;
  /** The dashboard session's cookie and the CSRF token its forms carry. */
  session: { cookie: string; csrf: string };
  /** Throws unless every stored document satisfies its schema and every record has its index (and the reverse). */
  audit(): Promise<void>;
}

/** A secret and the forms it would most likely leak in. */
const encodings = (secret: string) => [secret, btoa(secret), encodeURIComponent(secret)];

export async function fuzzGateway(): Promise<FuzzGateway> {
  const mock = createMockRoseRocket();
  const store = recordingStore(createMemoryStore());
  const records = await createRecords({ store, encryptionKey: 'f'.repeat(64) });
  await records.accounts.ensureDefault(accountInput(DEMO_ORG));
  await records.apiTokens.ensureAdminToken(ADMIN_KEY);
  const other = await records.accounts.create(accountInput(OTHER_ORG));
  const config = { methods: [], tags: [], require_api_token_auth: false };
  const { server, token: mcpToken } = await records.mcpServers.create(DEFAULT_ACCOUNT_ID, { name: 'fuzzed', config, expires_at: null });
  const guarded = await records.mcpServers.create(DEFAULT_ACCOUNT_ID, { name: 'guarded', config: { ...config, require_api_token_auth: true }, expires_at: null });
  const { apiToken, token: accountApiToken } = await records.apiTokens.create({ name: 'account token', integrated_account_id: DEFAULT_ACCOUNT_ID });
  const logs: string[] = [];
  const { app } = createGateway({
    config: loadConfig({ PUBLIC_URL, UPSTREAM_ALLOWED_HOSTS: new URL(MOCK_BASE).hostname }),
    records,
    logger: jsonLogger((line) => logs.push(line), { level: 'debug' }),
    upstreamFetch: async (input, init) => mock.fetch(new Request(input, init)),
    // A client metadata document is never fetched off this machine.
    oauth: { documentFetch: async () => new Response('not found', { status: 404 }), resolve: async () => ['203.0.113.7'] },
  });

  const signIn = await app.request('/ui/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL },
    body: new URLSearchParams({ token: ADMIN_KEY }).toString(),
  });
  // The sign-in's own Rose Rocket client, whose secret is write-only like an account's.
  const signInSecret = 'fuzz-sign-in-client-secret';
  const setting = await app.request(`/integrated-account/${DEFAULT_ACCOUNT_ID}/oauth-sign-in`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ methods: ['read'], tags: [], client_id: 'fuzz-sign-in-client', client_secret: signInSecret }),
  });
  if (setting.status !== 200) throw new Error(`the sign-in setting was refused (${setting.status}): ${await setting.text()}`);

  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(signIn.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`the dashboard sign-in set no cookie (${signIn.status})`);
  const page = await (await app.request('/ui', { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('the dashboard page carries no CSRF field');

  async function audit(): Promise<void> {
    const documents = new Map<string, unknown>();
    for (const key of store.written) {
      const value = await store.get(key);
      if (value === null) continue;
      const schema = SCHEMAS.find(([pattern]) => pattern.test(key))?.[1];
      if (!schema) throw new Error(`stored key ${key} is of no known kind`);
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(`stored record ${key} does not satisfy its schema: ${parsed.error.message.slice(0, 500)}`);
      documents.set(key, parsed.data);
    }
    const has = (key: string) => documents.has(key);
    for (const [key, doc] of documents) {
      const parts = key.split(':');
      if (key.startsWith('mcp:by-account:')) {
        const target = documents.get(`mcp:by-token:${(doc as { token_hash: string }).token_hash}`) as z.output<typeof storedServer> | undefined;
        if (!target || target.id !== parts[3] || target.integrated_account_id !== parts[2]) throw new Error(`index ${key} names no MCP server of its own`);
      } else if (key.startsWith('mcp:by-token:')) {
        const s = doc as z.output<typeof storedServer>;
        if (!has(`mcp:by-account:${s.integrated_account_id}:${s.id}`)) throw new Error(`MCP server ${s.id} has no index`);
        if (!has(`account:${s.integrated_account_id}`)) throw new Error(`MCP server ${s.id} outlived its account`);
      } else if (key.startsWith('api-token:by-id:')) {
        const target = documents.get(`api-token:by-hash:${(doc as { token_hash: string }).token_hash}`) as z.output<typeof storedApiToken> | undefined;
        if (!target || target.id !== parts[2]) throw new Error(`index ${key} names no API token of its own`);
      } else if (key.startsWith('api-token:by-hash:')) {
        const t = doc as z.output<typeof storedApiToken>;
        if (!has(`api-token:by-id:${t.id}`)) throw new Error(`API token ${t.id} has no index`);
        if (t.integrated_account_id !== null && !has(`account:${t.integrated_account_id}`)) throw new Error(`API token ${t.id} outlived its account`);
      }
    }
  }

  return {
    app,
    records,
    logs,
    secrets: [ADMIN_KEY, mcpToken, guarded.token, accountApiToken, DEMO_ORG.clientSecret, OTHER_ORG.clientSecret, signInSecret, cookie].flatMap(encodings),
    knownIds: [DEFAULT_ACCOUNT_ID, other.id, server.id, guarded.server.id, apiToken.id],
    idsByParam: { id: [DEFAULT_ACCOUNT_ID, other.id], mcpId: [server.id, guarded.server.id], tokenId: [apiToken.id] },
    mcpToken,
    accountApiToken,
    session: { cookie: `${SESSION_COOKIE}=${cookie}`, csrf },
    audit,
  };
}
