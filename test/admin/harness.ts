import { Hono } from 'hono';
import { z } from 'zod';
import type { ToolDefinition, ToolTag } from '../../tools/define.ts';
import { createAdminRoutes } from '../../gateway/admin/index.ts';
import { createCallLog, DEFAULT_CALL_LOG_SETTINGS } from '../../gateway/call-log/call-log.ts';
import { upstreamHostPolicy } from '../../gateway/upstream/host-policy.ts';
import { createNotFound, createOnError } from '../../gateway/http-error.ts';
import { createRecords, type Records } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import type { Store } from '../../gateway/store/store.ts';
import { accountInput, ENCRYPTION_KEY, manualClock } from '../store/fixtures.ts';

export const PUBLIC_URL = 'https://gateway.example.test/';
/** What the harness's gateway is told it may call, as `UPSTREAM_ALLOWED_HOSTS` would: the fixtures' hosts. */
export const TEST_UPSTREAM_HOSTS = ['*.roserocket.test'];

function fakeTool(name: string, method: string, tags: ToolTag[], readOnly: boolean): ToolDefinition {
  return {
    name,
    title: name,
    description: `fake ${name}`,
    method,
    tags,
    annotations: { readOnlyHint: readOnly, destructiveHint: false, idempotentHint: readOnly, openWorldHint: true },
    example: {},
    input: z.object({}),
    request: () => ({ method: 'GET', path: [name] }),
  };
}

/** A small catalogue with the shapes that matter to filters: read and write, CRUD and custom, several tags. */
export const FAKE_TOOLS: readonly ToolDefinition[] = [
  fakeTool('list_all_roserocket_events', 'list', ['events', 'logistics'], true),
  fakeTool('create_a_roserocket_event', 'create', ['events', 'logistics'], false),
  fakeTool('list_all_roserocket_boards', 'list', ['boards'], true),
  fakeTool('roserocket_user_groups_search', 'search', ['user_groups', 'admin'], true),
];

export interface CallOptions {
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  rawBody?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  app: Hono;
  records: Records;
  store: Store;
  clock: ReturnType<typeof manualClock>;
  adminToken: string;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Creates an integrated account through the API and returns its id. */
  createAccount(overrides?: Record<string, unknown>): Promise<string>;
}

/** The admin routes mounted at `/` beside another route, as the gateway's app mounts them. */
export async function adminHarness(store: Store = createMemoryStore()): Promise<Harness> {
  const clock = manualClock();
  const records = await createRecords({ store, encryptionKey: ENCRYPTION_KEY, now: clock.now });
  const generated = await records.apiTokens.ensureAdminToken();
  const adminToken = generated?.token ?? (await records.apiTokens.create({ name: 'test operator', integrated_account_id: null })).token;
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.route(
    '/',
    createAdminRoutes({
      records,
      tools: FAKE_TOOLS,
      publicUrl: PUBLIC_URL,
      callLog: createCallLog(store, DEFAULT_CALL_LOG_SETTINGS, clock.now),
      hostPolicy: upstreamHostPolicy(TEST_UPSTREAM_HOSTS),
    }),
  );
  app.onError(createOnError());
  app.notFound(createNotFound());

  const call = async (method: string, path: string, options: CallOptions = {}): Promise<Response> => {
    const { token, headers = {} } = options;
    // fetch forbids a body on GET and HEAD; route tables loop over every method with one body.
    const { body, rawBody } = method === 'GET' || method === 'HEAD' ? {} : options;
    const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token ?? adminToken}` };
    const json: Record<string, string> = body === undefined && rawBody === undefined ? {} : { 'content-type': 'application/json' };
    return app.request(path, {
      method,
      headers: { ...auth, ...json, ...headers },
      ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  };

  return {
    app,
    records,
    store,
    clock,
    adminToken,
    call,
    async createAccount(overrides = {}) {
      const response = await call('POST', '/integrated-account', { body: { ...accountInput(), ...overrides } });
      if (response.status !== 201) throw new Error(`account create failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    },
  };
}

/** The error envelope, asserting its shape on the way. */
export async function envelope(response: Response): Promise<{ statusCode: number; error: string; message: string }> {
  const body = (await response.json()) as { statusCode: number; error: string; message: string };
  if (Object.keys(body).sort().join() !== 'error,message,statusCode' || body.statusCode !== response.status) {
    throw new Error(`not an error envelope: ${JSON.stringify(body)}`);
  }
  return body;
}
