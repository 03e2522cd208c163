import { inject } from 'vitest';
import { createGateway } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import type { Logger, LogLevel } from '../../gateway/log.ts';
import { createRecords, DEFAULT_ACCOUNT_ID, type McpServerConfig, type Records } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { createMockRoseRocket, type MockRoseRocket } from '../../mock-roserocket/app.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { listen, type Listening } from './listen.ts';

/**
 * One end-to-end world per test file: the mock Rose Rocket and the gateway,
 * each a real HTTP server on 127.0.0.1 and an OS-chosen port, the gateway
 * calling the mock over the network exactly as it would call Rose Rocket.
 * Everything the gateway stores lives in memory and dies with the file.
 */

export const ADMIN_TOKEN = 'e2e-operator-token-0123456789';
export const PLATFORM_MODEL_PATH = '/api/v2/platformModel';

/** One request as the mock received it. */
export interface UpstreamHit {
  method: string;
  /** Path and query, e.g. `/api/v2/platformModel/objects/search`. */
  path: string;
  /** The status the mock answered with; 0 while it has not answered yet. */
  status: number;
}

export interface LogEntry {
  level: LogLevel;
  msg: string;
  fields: Record<string, unknown>;
}

export interface McpServerCreated {
  id: string;
  name: string;
  config: McpServerConfig;
  token: string;
  url: string;
}

export interface E2eEnvironment {
  mock: MockRoseRocket;
  records: Records;
  /** The gateway's base URL. */
  gatewayUrl: string;
  mockUrl: string;
  /** Every request the mock has received, in order. */
  upstreamHits: readonly UpstreamHit[];
  /** Runs `action` and returns it with the upstream requests made while it ran. */
  hitsDuring<T>(action: () => Promise<T>): Promise<{ value: T; hits: UpstreamHit[] }>;
  /** What the gateway logged. */
  logs: readonly LogEntry[];
  /** Creates an MCP server through the admin API, on the default account unless another is named. */
  createMcpServer(name: string, config?: Partial<McpServerConfig>, accountId?: string): Promise<McpServerCreated>;
  /**
   * Creates another integrated account on the mock's demo org through the
   * admin API (needs `mockAccounts`) and returns its id: an account of its
   * own, so what the gateway keeps per account (an upstream hold) starts afresh.
   */
  createAccount(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface E2eOptions {
  /** `UPSTREAM_TIMEOUT_MS`, as the entry point would pass it. */
  upstreamTimeoutMs?: number;
  /** Lets accounts made through the admin API point at the mock on 127.0.0.1 (`UPSTREAM_ALLOWED_HOSTS`). */
  mockAccounts?: boolean;
  /** Answers in the mock's place when it returns a response: a failure of a route the mock's faults do not reach. */
  intercept?: (request: Request) => Response | undefined;
}

/** Records in memory whose default account is the demo org of the mock Rose Rocket at `mockUrl`. */
export async function recordsOnMock(mockUrl: string, name = 'Mock Rose Rocket'): Promise<Records> {
  const records = await createRecords({ store: createMemoryStore(), encryptionKey: randomKey() });
  await records.accounts.ensureDefault({
    name,
    api_url: `${mockUrl}${PLATFORM_MODEL_PATH}`,
    auth_url: mockUrl,
    org_id: DEMO_ORG.orgId,
    user_id: DEMO_ORG.userId,
    client_id: DEMO_ORG.clientId,
    client_secret: DEMO_ORG.clientSecret,
  });
  return records;
}

function randomKey(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}

export async function startE2eEnvironment(options: E2eOptions = {}): Promise<E2eEnvironment> {
  // Strict mode: the live service's 500s on three filter combinations, so the gateway's rewrites of them are what these tests exercise.
  const mock = createMockRoseRocket({ log: () => {}, quirks: true });
  const upstreamHits: UpstreamHit[] = [];
  const mockServer = await listen(async (request) => {
    const url = new URL(request.url);
    // Logged on arrival, so a request the gateway gave up on (a timeout) that the mock
    // finishes later still belongs to the call that sent it, not to whichever runs then.
    const hit: UpstreamHit = { method: request.method, path: `${url.pathname}${url.search}`, status: 0 };
    upstreamHits.push(hit);
    const response = options.intercept?.(request) ?? (await mock.fetch(request));
    hit.status = response.status;
    return response;
  });

  // The gateway prints URLs under its public address, which is only known once it listens:
  // bind first, then build the app behind the already-open port.
  let gateway: ReturnType<typeof createGateway> | null = null;
  let gatewayServer: Listening | null = null;
  try {
    gatewayServer = await listen((request) => gateway!.fetch(request));
    const config = loadConfig({
      MCP_FAST_PATH: inject('fastPath'),
      PUBLIC_URL: gatewayServer.url,
      ...(options.upstreamTimeoutMs !== undefined && { UPSTREAM_TIMEOUT_MS: String(options.upstreamTimeoutMs) }),
      ...(options.mockAccounts && { UPSTREAM_ALLOWED_HOSTS: new URL(mockServer.url).hostname }),
    });
    const records = await recordsOnMock(mockServer.url, 'Mock Rose Rocket (e2e)');
    await records.apiTokens.ensureAdminToken(ADMIN_TOKEN);

    const logs: LogEntry[] = [];
    const logger: Logger = { log: (level, msg, fields = {}) => void logs.push({ level, msg, fields }) };
    gateway = createGateway({ config, records, logger });

    const gatewayUrl = gatewayServer.url;
    const openServers = [mockServer, gatewayServer];
    return {
      mock,
      records,
      gatewayUrl,
      mockUrl: mockServer.url,
      upstreamHits,
      logs,
      async hitsDuring(action) {
        const before = upstreamHits.length;
        const value = await action();
        return { value, hits: upstreamHits.slice(before) };
      },
      async createMcpServer(name, serverConfig = {}, accountId = DEFAULT_ACCOUNT_ID) {
        const response = await fetch(`${gatewayUrl}/integrated-account/${accountId}/mcp`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name, config: { methods: [], tags: [], ...serverConfig } }),
        });
        if (response.status !== 201) throw new Error(`creating MCP server "${name}" failed: ${response.status} ${await response.text()}`);
        return (await response.json()) as McpServerCreated;
      },
      async createAccount(name) {
        const response = await fetch(`${gatewayUrl}/integrated-account`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            name,
            api_url: `${mockServer.url}${PLATFORM_MODEL_PATH}`,
            auth_url: mockServer.url,
            org_id: DEMO_ORG.orgId,
            user_id: DEMO_ORG.userId,
            client_id: DEMO_ORG.clientId,
            client_secret: DEMO_ORG.clientSecret,
          }),
        });
        if (response.status !== 201) throw new Error(`creating account "${name}" failed: ${response.status} ${await response.text()}`);
        return ((await response.json()) as { id: string }).id;
      },
      async close() {
        await Promise.all(openServers.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all([mockServer.close(), gatewayServer?.close()]);
    throw error;
  }
}

/** Only the platform-model calls: what a rate limit or a fault applies to (token requests are not among them). */
export const apiHits = (hits: readonly UpstreamHit[]) => hits.filter((hit) => hit.path.startsWith(PLATFORM_MODEL_PATH));
