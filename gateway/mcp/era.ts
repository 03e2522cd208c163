import {
  createMcpHandler,
  isLegacyRequest,
  PROTOCOL_VERSION_META_KEY,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
} from '@modelcontextprotocol/server';
import { isPlainObject } from '../../tools/define.ts';
import type { Logger } from '../log.ts';
import { rateLimitHeaders } from '../upstream/rate-limit.ts';
import { createMcpServer, type McpServerDeps, type McpSession } from './server.ts';

/**
 * The SDK's answer to any MCP request, in the era the request speaks: the
 * 2026-07-28 revision through the SDK's per-request handler, 2025-era
 * requests to a fresh server and transport each, set to answer in JSON.
 * Either way a new server instance serves exactly one request
 * (CVE-2026-25536).
 *
 * Why not `createMcpHandler({ legacy: 'stateless' })`, which serves both: its
 * legacy transport is made with `sessionIdGenerator: undefined` alone, so
 * every 2025-era answer would be an SSE stream rather than the one JSON body
 * clients get today. The routing it would do is `isLegacyRequest`, used here
 * in front of a `legacy: 'reject'` handler as the SDK documents.
 */
export type SdkAnswer = (request: Request, body: unknown, session: McpSession) => Promise<Response>;

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

export function sdkAnswer(deps: McpServerDeps & { logger: Logger }): SdkAnswer {
  const sessionOf = (authInfo: AuthInfo | undefined) => authInfo?.extra?.session as McpSession;
  const modern = createMcpHandler((ctx) => createMcpServer(sessionOf(ctx.authInfo), deps), {
    legacy: 'reject',
    onerror: (error) => deps.logger.log('warn', 'mcp_rejected', { error: error.message }),
  });

  async function legacy(request: Request, parsedBody: unknown, authInfo: AuthInfo) {
    const server = createMcpServer(sessionOf(authInfo), deps);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { parsedBody, authInfo });
    } finally {
      await server.close();
    }
  }

  return async (raw, body, session) => {
    // The handshake's instructions name the account's timezone: known from the account's one `/me`, shared by its sessions.
    if (isPlainObject(body) && (body.method === 'initialize' || body.method === 'server/discover')) await session.account.timezone.get();
    const authInfo: AuthInfo = { token: '', clientId: session.serverId, scopes: [], extra: { session } };
    const isLegacy = !claimsModernEra(body) && (await isLegacyRequest(raw, body));
    const request = new Proxy(raw, withoutSignal);
    const response = isLegacy ? await legacy(request, body, authInfo) : await modern.fetch(request, { parsedBody: body, authInfo });
    return withRateLimit(response, session);
  };
}
