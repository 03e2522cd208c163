import { createGateway } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { jsonLogger, type LogLevel } from '../../gateway/log.ts';
import { createRecords, type Records } from '../../gateway/records/index.ts';
import type { Store } from '../../gateway/store/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { createMockRoseRocket, type MockRoseRocket } from '../../mock-roserocket/app.ts';
import { DEMO_ORG, type SeedOrg } from '../../mock-roserocket/orgs.ts';

/**
 * A gateway in-process (`app.request`, no port) over one mock Rose Rocket
 * that holds both seeded orgs. Upstream calls reach the mock through an
 * in-process fetch, whatever host the account names.
 */
export const MOCK_BASE = 'https://mock.roserocket.test';
export const ADMIN_KEY = 'test-admin-key-0123456789';
const ENCRYPTION_KEY = 'a'.repeat(64);

export const accountInput = (org: SeedOrg, name = org.name) => ({
  name,
  api_url: `${MOCK_BASE}/api/v2/platformModel`,
  auth_url: MOCK_BASE,
  org_id: org.orgId,
  user_id: org.userId,
  client_id: org.clientId,
  client_secret: org.clientSecret,
});

export interface TestGateway {
  app: ReturnType<typeof createGateway>['app'];
  records: Records;
  mock: MockRoseRocket;
  logs: Record<string, unknown>[];
  admin(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  /** One JSON-RPC call on `/mcp/<token>` (2025 era, stateless). */
  rpc(token: string, method: string, params: unknown, headers?: Record<string, string>): Promise<{ response: Response; body: any }>;
}

export async function testGateway(
  options: {
    store?: Store;
    now?: () => number;
    mock?: MockRoseRocket;
    upstreamFetch?: typeof fetch;
    logLevel?: LogLevel;
    /** More operator settings, as the environment would give them. */
    env?: Record<string, string>;
  } = {},
): Promise<TestGateway> {
  const mock = options.mock ?? createMockRoseRocket();
  const records = await createRecords({ store: options.store ?? createMemoryStore(), encryptionKey: ENCRYPTION_KEY, now: options.now });
  await records.accounts.ensureDefault(accountInput(DEMO_ORG));
  await records.apiTokens.ensureAdminToken(ADMIN_KEY);
  const logs: Record<string, unknown>[] = [];
  const { app } = createGateway({
    config: loadConfig({ ENCRYPTION_KEY, PUBLIC_URL: 'http://127.0.0.1:3000', UPSTREAM_ALLOWED_HOSTS: new URL(MOCK_BASE).hostname, ...options.env }),
    records,
    logger: jsonLogger((line) => logs.push(JSON.parse(line)), { level: options.logLevel ?? 'debug' }),
    upstreamFetch: options.upstreamFetch ?? (async (input, init) => mock.fetch(new Request(input, init))),
  });
  let id = 0;
  return {
    app,
    records,
    mock,
    logs,
    admin: async (method, path, body, token = ADMIN_KEY) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    async rpc(token, method, params, headers = {}) {
      const response = await app.request(`/mcp/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      });
      const text = await response.text();
      return { response, body: text ? JSON.parse(text) : null };
    },
  };
}

/** Creates an MCP server through the admin API; returns its record and token. */
export async function createServer(gw: TestGateway, accountId: string, body: Record<string, unknown>) {
  const response = await gw.admin('POST', `/integrated-account/${accountId}/mcp`, { name: 'test', ...body });
  if (response.status !== 201) throw new Error(`create MCP server: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string; url: string; expires_at: string | null };
}

/** A tools/call's structured result (and whether it is an error). */
export async function callTool(gw: TestGateway, token: string, name: string, args: Record<string, unknown>, headers?: Record<string, string>) {
  const { response, body } = await gw.rpc(token, 'tools/call', { name, arguments: args }, headers);
  return { response, body, result: body?.result as { isError?: boolean; structuredContent: any } | undefined };
}
