import {
  createMcpHandler,
  isLegacyRequest,
  PROTOCOL_VERSION_META_KEY,
  validateHostHeader,
  validateOriginHeader,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
} from '@modelcontextprotocol/server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isPlainObject } from '../../tools/define.ts';
import { rateLimitHeaders } from '../upstream/rate-limit.ts';
import { answerPlain, plainToolRequest, type DirectAnswer } from './direct.ts';
import { createMcpServer, type McpServerDeps, type McpSession } from './server.ts';

/**
 * `POST /mcp/:token`: the Streamable HTTP endpoint, stateless, serving both
 * protocol eras. Plain tools/call and tools/list requests, nearly all the
 * traffic, are answered directly (direct.ts). Everything else goes to the
 * SDK: the 2026-07-28 era through its per-request handler, 2025-era requests
 * to a fresh server and transport each, set to answer in JSON. Either way a
 * new server instance serves exactly one request.
 */
export interface McpEndpointDeps extends McpServerDeps {
  /**
   * Resolves the token (and the request's `Authorization`, for servers that
   * require an API token) to a session; throws an `HttpError` (401) when it can't.
   */
  open(token: string, authorization: string | undefined): Promise<McpSession>;
  /** Hostnames a browser `Origin` may name, besides the localhost ones. */
  allowedOrigins: readonly string[];
  /**
   * Hostnames the `Host` header may name; set when the gateway listens on
   * loopback only, where DNS rebinding is the threat. `null`: any host.
   */
  allowedHosts: readonly string[] | null;
  maxBodyBytes: number;
  /**
   * Plain tools/call and tools/list requests are answered without a
   * per-request SDK server (direct.ts). `false` sends every request through
   * the SDK: the tests that hold the two answers equal compare both.
   */
  directDispatch?: boolean;
}

export const LOCALHOST = ['localhost', '127.0.0.1', '[::1]'];

/** JSON-RPC error answered at the HTTP layer, before any server exists. */
function rpcError(c: Context, status: 400 | 405 | 413 | 415, code: number, message: string) {
  return c.json({ jsonrpc: '2.0', error: { code, message }, id: null }, status);
}

/**
 * Puts the upstream rate-limit information on the response. The SDK builds
 * its responses (`Response.json`, `new Response`), whose headers are mutable,
 * so they are set in place: a copy would turn the buffered body into a
 * stream the server then pipes chunk by chunk.
 */
function withRateLimit(response: Response, session: McpSession): Response {
  for (const [name, value] of Object.entries(rateLimitHeaders(session.rateLimit))) response.headers.set(name, value);
  return response;
}

/**
 * A message carrying the 2026-07-28 envelope claim (`_meta` names its
 * protocol version) is never 2025-era: that is `isLegacyRequest`'s own first
 * rule, short of an `initialize` whose claim is invalid. Such a request goes
 * straight to the modern handler, which classifies it anyway, instead of
 * being classified twice.
 */
function claimsModernEra(body: unknown): boolean {
  if (!isPlainObject(body) || body.method === 'initialize' || !isPlainObject(body.params)) return false;
  const meta = body.params._meta;
  return isPlainObject(meta) && PROTOCOL_VERSION_META_KEY in meta;
}

/** Distinct Host and Origin values whose verdicts are remembered; a client sends the same ones on every request. */
const MAX_VERDICTS = 256;

/**
 * A header check as a verdict per distinct value: `null` allowed, else the
 * refusal's message. The check itself is the SDK's; a value is parsed as a
 * URL once, not on every request. Bounded against a client that varies it.
 */
function rememberVerdicts(check: (value: string) => { ok: true } | { ok: false; message: string }): (value: string) => string | null {
  const verdicts = new Map<string, string | null>();
  return (value) => {
    let verdict = verdicts.get(value);
    if (verdict === undefined) {
      const result = check(value);
      verdict = result.ok ? null : result.message;
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdicts.set(value, verdict);
    }
    return verdict;
  };
}

/**
 * DNS-rebinding protection and the browser check: the `Host` must name an
 * allowed host when `allowedHosts` is set, and an `Origin`, when there is
 * one, must too. The refusal's message, or `null`.
 */
function hostAndOriginCheck(deps: Pick<McpEndpointDeps, 'allowedHosts' | 'allowedOrigins'>) {
  const { allowedHosts } = deps;
  const hostRefusal = allowedHosts && rememberVerdicts((host) => validateHostHeader(host, [...allowedHosts]));
  const originRefusal = rememberVerdicts((origin) => validateOriginHeader(origin, [...LOCALHOST, ...deps.allowedOrigins]));
  return (host: string, origin: string | undefined): string | null => (hostRefusal && hostRefusal(host)) ?? (origin ? originRefusal(origin) : null);
}

/**
 * What every request to `/mcp/*` passes before its token is looked at, in
 * one middleware rather than one each (every MCP request runs it):
 *
 * - the Host and Origin check. The request URL's host is what Node's server
 *   built from the `Host` header, and it is also set for in-process requests
 *   (fetch-handler hosts, tests), which carry no `Host` header of their own;
 * - a POST's body limit. A declared `Content-Length` is checked as a header:
 *   Node's parser never delivers more bytes than it declares, and Hono's
 *   `bodyLimit` would first turn the request into a stream it reads chunk by
 *   chunk, where the body is otherwise read straight from the socket. A
 *   chunked body, with no length to check, is counted as it arrives by Hono's.
 */
function mcpGuard(refusal: ReturnType<typeof hostAndOriginCheck>, maxBodyBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) => rpcError(c, 413, -32600, `Request body exceeds ${maxBodyBytes} bytes`);
  const counted = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

  return async (c, next) => {
    const refused = refusal(c.req.header('host') ?? new URL(c.req.url).host, c.req.header('origin'));
    if (refused !== null) return c.json({ jsonrpc: '2.0', error: { code: -32000, message: refused }, id: null }, 403);
    if (c.req.method !== 'POST') return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    return Number(declared) > maxBodyBytes ? tooLarge(c) : next();
  };
}

const JSON_TYPE = /^application\/json\b/i;

const toResponse = ({ status, headers, body }: DirectAnswer) => new Response(body, { status, headers });

/**
 * The request as the SDK sees it, without its abort signal. The SDK would
 * use the signal only to drop the answer to a client that has gone away,
 * which the HTTP server drops anyway, and no tool listens to it. On Node 20
 * every AbortSignal is a transferable native object that young-generation
 * GCs cannot free, so a signal made for each request dragged each request's
 * answer into the old generation with it: a `tools/list` cost twice the CPU
 * of one without (measured with `npm run bench`, and counted in GCs).
 */
const withoutSignal: ProxyHandler<Request> = {
  get(request, key) {
    if (key === 'signal') return undefined;
    const value: unknown = Reflect.get(request, key, request);
    return typeof value === 'function' ? value.bind(request) : value;
  },
};

export function mcpEndpoint(deps: McpEndpointDeps) {
  const sessionOf = (authInfo: AuthInfo | undefined) => authInfo?.extra?.session as McpSession;
  const modern = createMcpHandler((ctx) => createMcpServer(sessionOf(ctx.authInfo), deps), {
    legacy: 'reject',
    onerror: (error) => deps.logger.log('warn', 'mcp_rejected', { error: error.message }),
  });

  async function serveLegacy(request: Request, parsedBody: unknown, authInfo: AuthInfo) {
    const server = createMcpServer(sessionOf(authInfo), deps);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { parsedBody, authInfo });
    } finally {
      await server.close();
    }
  }

  const app = new Hono();
  app.use('/mcp/*', mcpGuard(hostAndOriginCheck(deps), deps.maxBodyBytes));
  app.on(['GET', 'DELETE'], '/mcp/:token', (c) => {
    c.header('Allow', 'POST');
    return rpcError(c, 405, -32000, 'Method not allowed: this server is stateless; send JSON-RPC requests with POST.');
  });
  app.post('/mcp/:token', async (c) => {
    const session = await deps.open(c.req.param('token'), c.req.header('authorization'));

    const type = c.req.header('content-type') ?? '';
    if (!JSON_TYPE.test(type)) return rpcError(c, 415, -32600, 'Content-Type must be application/json');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return rpcError(c, 400, -32700, 'Parse error: the body is not valid JSON');
    }

    if (deps.directDispatch !== false) {
      const request = plainToolRequest((name) => c.req.header(name), body);
      const direct = request && answerPlain(request, session, deps);
      if (direct) return toResponse(await direct);
    }

    const authInfo: AuthInfo = { token: '', clientId: session.serverId, scopes: [], extra: { session } };
    const legacy = !claimsModernEra(body) && (await isLegacyRequest(c.req.raw, body));
    const request = new Proxy(c.req.raw, withoutSignal);
    const response = legacy ? await serveLegacy(request, body, authInfo) : await modern.fetch(request, { parsedBody: body, authInfo });
    return withRateLimit(response, session);
  });
  return app;
}
