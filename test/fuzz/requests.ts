import fc from 'fast-check';
import { TOOL_TAGS } from '../../tools/define.ts';
import { TOOLS } from '../../tools/index.ts';
import { MOCK_BASE } from '../access/harness.ts';
import { ADMIN_KEY, PUBLIC_URL, type FuzzGateway } from './harness.ts';

/**
 * Generated requests: a route of the app (from Hono's own route table, so a
 * new route is fuzzed without being listed here) with its parameters filled
 * by ids that exist, ids that could and ids that never could; a method, the
 * headers a client or an attacker would send, and a body that is valid-ish
 * JSON, hostile JSON (deep, huge, wrongly typed), a form, or not JSON at all.
 * Known secrets go only where they belong (headers, a token's path): an
 * answer that holds one leaked it.
 */

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Each distinct route of the app as `[method, path]`; `ALL` for middleware and catch-alls. */
export function appRoutes(app: FuzzGateway['app']): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const { method, path } of app.routes) seen.set(`${method} ${path}`, [method, path]);
  return [...seen.values()];
}

const weighted = <T>(...entries: [number, fc.Arbitrary<T>][]) => fc.oneof(...entries.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** A value of the wrong type, for any field. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);
/** Mostly the right kind of value, sometimes (1 in `odds + 1`) the wrong one. */
const field = <T>(arbitrary: fc.Arbitrary<T>, odds = 4) => weighted<unknown>([odds, arbitrary], [1, wrongType]);

/** A 2026-07-28 request's envelope claim, well formed. */
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'fuzz', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

const isoDate = (min: number, max: number) => fc.integer({ min, max }).map((offset) => new Date(Date.now() + offset).toISOString());
const text = (maxLength: number) => fc.string({ maxLength, unit: 'grapheme' });

/** `mcp`: JSON-RPC bodies mostly, for the MCP endpoint; `any`: every kind of body alike. */
export function requestArbitrary(gw: FuzzGateway, routes: [string, string][], focus: 'any' | 'mcp' = 'any'): fc.Arbitrary<FuzzRequest> {
  const toolNames = TOOLS.map((tool) => tool.name);
  // A tool's argument names, from its schema: generated arguments reach real validation, not only "unknown field".
  const argumentNames = [...new Set(TOOLS.flatMap((tool) => Object.keys((tool.input as { shape?: object }).shape ?? {})))];

  const segment = weighted<string>(
    [2, fc.constantFrom(...gw.knownIds)],
    [2, fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)],
    [2, fc.constantFrom('..', '.', '../x', 'a/b', ' ', '%', 'é', '💥', 'x'.repeat(5000), '__proto__', 'constructor', 'default ', 'DEFAULT')],
    [1, text(80)],
    // Tokens the gateway made, in a path: a 404 must not echo them, nor a log line hold them. (Not the
    // operator's ADMIN_API_KEY: a value of their choosing has no shape to recognise it by.)
    [1, fc.constantFrom(gw.mcpToken, gw.mcpToken.toUpperCase(), gw.accountApiToken, gw.accountApiToken.toLowerCase())],
  ).map(encodeURIComponent);

  // `plain`: the request a well-behaved client makes (ids that exist, the route's own spelling).
  const pathFor = (plain: boolean) => fc
    // A handler's route three times as often as a middleware's or a catch-all's (`ALL`).
    .tuple(
      weighted<[string, string]>([3, fc.constantFrom(...routes.filter(([m]) => m !== 'ALL'))], [plain ? 0 : 1, fc.constantFrom(...routes)]),
      fc.infiniteStream(fc.tuple(segment, fc.nat(), fc.nat({ max: 9 }))),
      fc.boolean(),
      fc.integer({ min: 0, max: 9 }),
    )
    .map(([[method, pattern], stream, anyTail, anyCasing]) => {
      const [tail, casing] = plain ? [false, 5] : [anyTail, anyCasing];
      const draws = stream[Symbol.iterator]();
      const next = () => draws.next().value![0];
      // A parameter is, more often than not, an id of the kind its name says that exists (`:mcpId`, an MCP server's).
      const param = (name: string) => {
        const [hostile, pick, dice] = draws.next().value!;
        const pool = gw.idsByParam[name];
        return pool && (plain || dice < 6) ? pool[pick % pool.length]! : hostile;
      };
      let filled = pattern.replace(/:([A-Za-z_]+)(?:\{[^}]*\})?(\?)?/g, (_, name: string, optionalParam?: string) => (optionalParam && casing < 2 ? '' : param(name)));
      const values = { next: () => ({ value: next() }) };
      filled = filled.replace(/\*/g, () => (tail ? values.next().value! : ''));
      // Letter case and a stray segment: the same route as another client might spell it.
      if (casing === 9) filled = filled.toUpperCase();
      if (casing === 8) filled += `/${values.next().value!}`;
      return { method, path: filled.replace(/\/+$/, '') || '/' };
    });

  const method = (routeMethod: string) => (routeMethod === 'ALL' ? fc.constantFrom(...METHODS) : weighted<string>([6, fc.constant(routeMethod)], [1, fc.constantFrom(...METHODS)]));

  // Every header is there with a usual value most of the time, absent ('') or hostile otherwise, so that
  // generated requests get past authentication and content negotiation often enough to reach handlers.
  const headers = fc.record({
    authorization: weighted<string>(
      [8, fc.constant(`Bearer ${ADMIN_KEY}`)],
      [1, fc.constant(`Bearer ${gw.accountApiToken}`)],
      [1, fc.constant(`Bearer ${gw.mcpToken}`)],
      [1, fc.constant('')],
      [1, fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`)],
      [1, fc.constantFrom('Bearer', 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(300)}`, 'bearer rrapi_nope')],
    ),
    accept: weighted<string>([8, fc.constant('application/json, text/event-stream')], [1, fc.constantFrom('application/json', 'text/event-stream', 'text/html', '*/*')], [1, fc.constant('')]),
    'mcp-protocol-version': weighted<string>([6, fc.constant('')], [2, fc.constantFrom('2025-06-18', '2025-03-26', '2026-07-28')], [1, fc.constantFrom('1999-01-01', 'x')]),
    'mcp-method': weighted<string>([6, fc.constant('')], [1, fc.constantFrom('tools/call', 'tools/list', 'server/discover', 'initialize', 'nope')]),
    'mcp-name': weighted<string>([6, fc.constant('')], [1, fc.constantFrom(...toolNames.slice(0, 5), 'no_such_tool')]),
    origin: weighted<string>([6, fc.constant('')], [2, fc.constantFrom(PUBLIC_URL, 'http://localhost:5173')], [1, fc.constantFrom('https://evil.example', 'null')]),
    cookie: weighted<string>([3, fc.constant(gw.session.cookie)], [1, fc.constant('')], [1, fc.constantFrom('rrmcp_session=nope', 'a=b; rrmcp_session=')]),
    'sec-fetch-site': weighted<string>([6, fc.constant('')], [2, fc.constant('same-origin')], [1, fc.constantFrom('cross-site', 'same-site', 'none')]),
    host: weighted<string>([12, fc.constant('')], [1, fc.constantFrom('evil.example', 'localhost')]),
  });
  /** The content type a body is sent with: its own mostly, sometimes another or none. */
  const contentType = (usual: string) => weighted<string>([8, fc.constant(usual)], [1, fc.constantFrom('application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/jsonx')], [1, fc.constant('')]);

  // The admin API's bodies are strict objects: a generated body is one of the shapes it takes, whole, then
  // mutated or not (a key dropped, one of the wrong type, one it does not know), so that most reach the
  // handler's checks and many pass them (records are made, changed and revoked as the run goes on).
  const name = weighted<string>([6, text(60).filter((n) => n.trim() !== '')], [1, fc.constantFrom('', ' ', 'x'.repeat(300))]);
  const methods = fc.array(weighted<string>([4, fc.constantFrom('read', 'write', 'custom', 'list', 'get')], [1, fc.constantFrom('create', 'delete', 'nope')]), { maxLength: 3 });
  const tags = fc.array(weighted<string>([6, fc.constantFrom(...TOOL_TAGS)], [1, fc.constant('nope')]), { maxLength: 3 });
  const config = fc.record({ methods, tags, require_api_token_auth: fc.boolean() }, { requiredKeys: [] });
  const expiresAt = weighted<string | null>([3, isoDate(120_000, 400 * 86_400_000)], [2, fc.constant(null)], [1, isoDate(-2 * 86_400_000, 60_000)], [1, fc.constantFrom('tomorrow', '2026-13-45T00:00:00Z', '')]);
  const accountShape = fc.record({
      name,
      api_url: weighted<string>([6, fc.constant(`${MOCK_BASE}/api/v2/platformModel`)], [1, fc.constantFrom('https://network.roserocket.com/api/v2/platformModel', 'http://127.0.0.1:6390', 'http://169.254.169.254/latest', 'ftp://x', 'not a url')]),
      auth_url: weighted<string>([6, fc.constant(MOCK_BASE)], [1, fc.constantFrom('https://a.roserocket.com', 'http://10.0.0.1', 'javascript:alert(1)')]),
      org_id: text(40),
      user_id: text(40),
      client_id: text(40),
      client_secret: text(40),
    });
  const serverShape = fc.record({ name, config, expires_at: expiresAt }, { requiredKeys: ['name'] });
  const filterShape = fc.record({ methods, tags });
  const shapes = fc.oneof(
    accountShape,
    serverShape,
    fc.record({ name, integrated_account_id: weighted<string | null>([3, fc.constantFrom(...gw.knownIds)], [1, fc.constant(null)], [1, fc.constantFrom('../x', 'a/b', ' ', 'é', 'x'.repeat(5000))]) }),
    filterShape,
    fc.record({ config }),
  );
  /** The shapes a method's body takes in this API: a PATCH changes an MCP server, a PUT sets a filter; a POST makes anything. */
  const validServer = fc.record(
    { name: text(60).filter((n) => n.trim() !== ''), config: fc.record({ methods: fc.constantFrom([], ['read'], ['write'], ['read', 'custom']), tags: fc.constantFrom([], ['objects'], ['events', 'boards']) }), expires_at: weighted<string | null>([1, isoDate(120_000, 400 * 86_400_000)], [1, fc.constant(null)]) },
    { requiredKeys: [] },
  );
  const shapesFor = (method: string) => (method === 'PATCH' ? fc.oneof(validServer, serverShape) : method === 'PUT' ? filterShape : shapes);
  const adminBody = fc.tuple(shapes, fc.nat({ max: 5 }), fc.nat(), wrongType, fc.string({ maxLength: 12 })).map(([shape, mutation, at, wrong, unknown]) => {
    const body: Record<string, unknown> = { ...shape };
    const keys = Object.keys(body);
    const key = keys[at % Math.max(keys.length, 1)];
    if (mutation === 0 && key) delete body[key];
    else if (mutation === 1 && key) body[key] = wrong;
    else if (mutation === 2) body[unknown] = wrong;
    return body;
  });

  const toolArguments = fc.dictionary(fc.constantFrom(...argumentNames, 'nope'), weighted<unknown>([3, fc.jsonValue({ maxDepth: 3 })], [1, fc.constantFrom('order', 'Order', 'ERP-992', 'customer', -1, 1e9)]), { maxKeys: 6 });
  // A JSON-RPC message is one wrong field from valid more often than an admin body: most should reach a tool.
  const rpcField = <T>(arbitrary: fc.Arbitrary<T>) => field(arbitrary, 12);
  const rpcBody = fc.record(
    {
      jsonrpc: rpcField(fc.constant('2.0')),
      id: rpcField(fc.oneof(fc.integer(), fc.string({ maxLength: 10 }))),
      method: rpcField(weighted<string>([6, fc.constant('tools/call')], [1, fc.constantFrom('initialize', 'tools/list', 'server/discover', 'ping', 'notifications/initialized', 'resources/list', 'prompts/list', 'completion/complete', 'logging/setLevel', 'nope')])),
      params: rpcField(
        fc.record(
          {
            name: rpcField(fc.constantFrom(...toolNames, 'no_such_tool')),
            arguments: rpcField(toolArguments),
            protocolVersion: rpcField(fc.constantFrom('2025-06-18', '2026-07-28', 'x')),
            capabilities: rpcField(fc.jsonValue({ maxDepth: 3 })),
            clientInfo: rpcField(fc.record({ name: text(20), version: text(10) })),
            _meta: weighted<unknown>([2, fc.constant(MODERN_META)], [1, fc.dictionary(fc.constantFrom('io.modelcontextprotocol/protocolVersion', 'io.modelcontextprotocol/clientInfo', 'io.modelcontextprotocol/clientCapabilities', 'progressToken', 'x'), fc.jsonValue({ maxDepth: 3 }))]),
          },
          { requiredKeys: ['name', 'arguments'] },
        ),
      ),
    },
    { requiredKeys: ['jsonrpc', 'method', 'id', 'params'] },
  );

  const deep = fc.tuple(fc.integer({ min: 60, max: 9000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? `{"name":${'['.repeat(depth)}1${']'.repeat(depth)}}` : `{"config":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`));
  const huge = fc.tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('name', 'external_id', 'client_secret')).map(([size, key]) => JSON.stringify({ [key]: 'x'.repeat(size), params: { name: toolNames[0], arguments: { [key]: 'y'.repeat(size) } } }));
  const form = fc
    .record({ token: text(60), csrf: weighted<string>([3, fc.constant(gw.session.csrf)], [1, text(30)]), name: text(60), methods: fc.constantFrom('read', 'write', 'x'), tags: fc.constantFrom(...TOOL_TAGS), expires_at: fc.constantFrom('', '2030-01-01T00:00', 'x'), approve: fc.constantFrom('yes', 'no') }, { requiredKeys: [] })
    .map((fields) => new URLSearchParams(fields as Record<string, string>).toString());

  const json = (arbitrary: fc.Arbitrary<string>) => fc.record({ body: arbitrary, type: contentType('application/json') });
  const body = weighted<{ body: string | undefined; type: string }>(
    [focus === 'mcp' ? 1 : 10, json(adminBody.map((b) => JSON.stringify(b)))],
    [focus === 'mcp' ? 12 : 4, json(rpcBody.map((b) => JSON.stringify(b)))],
    [1, json(fc.array(rpcBody, { maxLength: 3 }).map((b) => JSON.stringify(b)))],
    [2, json(fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)))],
    [1, json(deep)],
    [1, json(huge)],
    [1, json(fc.string({ maxLength: 200 }))],
    [focus === 'mcp' ? 0 : 2, fc.record({ body: form, type: contentType('application/x-www-form-urlencoded') })],
    [1, fc.record({ body: fc.constant(undefined), type: fc.constant('') })],
  );

  // A well-behaved client's body: one of the shapes its method takes, whole, as JSON.
  const plainBody = (method: string) => weighted<{ body: string | undefined; type: string }>(
    [focus === 'mcp' ? 0 : 3, shapesFor(method).map((shape) => ({ body: JSON.stringify(shape), type: 'application/json' }))],
    [1, rpcBody.map((message) => ({ body: JSON.stringify(message), type: 'application/json' }))],
  );

  // Most requests are a well-behaved operator's client's, so that they reach handlers and change records.
  return weighted<boolean>([2, fc.constant(true)], [1, fc.constant(false)]).chain((plain) =>
    pathFor(plain).chain(({ method: routeMethod, path: filled }) =>
    fc.record({ method: plain && routeMethod !== 'ALL' ? fc.constant(routeMethod) : method(routeMethod), path: fc.constant(filled), headers, body: plain ? plainBody(routeMethod) : body }).map(({ method, path, headers, body }) => ({
      method,
      path,
      headers: Object.fromEntries(
        Object.entries(plain ? { authorization: `Bearer ${ADMIN_KEY}`, accept: 'application/json', cookie: gw.session.cookie, 'content-type': body.type } : { ...headers, 'content-type': body.type }).filter(([, value]) => value !== ''),
      ),
      // fetch refuses a body on GET and HEAD.
      body: method === 'GET' || method === 'HEAD' ? undefined : body.body,
    })),
    ),
  );
}

/** The headers a 2026-07-28 client sends with a message that claims that revision; none for another. */
function eraHeaders(body: string | undefined): Record<string, string> {
  let message: { method?: unknown; params?: { name?: unknown; _meta?: Record<string, unknown> } } | null = null;
  try {
    message = JSON.parse(body ?? '');
  } catch {
    return {};
  }
  if (message?.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !== '2026-07-28' || typeof message.method !== 'string') return {};
  const name: Record<string, string> = typeof message.params.name === 'string' ? { 'mcp-name': message.params.name } : {};
  return { 'mcp-protocol-version': '2026-07-28', 'mcp-method': message.method, ...name };
}

/** MCP requests alone: mostly the seeded URL, JSON-RPC bodies, and in most of them the headers a client sends, so calls reach tools. */
export function mcpRequestArbitrary(gw: FuzzGateway): fc.Arbitrary<FuzzRequest> {
  const routes: [string, string][] = [...Array(6).fill(['POST', `/mcp/${gw.mcpToken}`]), ['POST', '/mcp/:token'], ['POST', '/mcp']];
  const CLIENT = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  return fc.tuple(requestArbitrary(gw, routes, 'mcp'), fc.integer({ min: 0, max: 9 })).map(([request, dice]) => ({
    ...request,
    method: 'POST',
    headers: dice < 6 ? { ...CLIENT, ...eraHeaders(request.body), ...(request.headers.authorization && { authorization: request.headers.authorization }) } : request.headers,
    body: request.body ?? '{}',
  }));
}
