import { Hono } from 'hono';
import type { McpSession, OpenedSession } from '../account/mcp-sessions.ts';
import { ClientAbortError, unauthorized, type HttpError } from '../http-error.ts';
import type { McpAccessFailureReason } from '../records/index.ts';
import { sdkAnswer } from './era.ts';
import { fastAnswer } from './fast/index.ts';
import { mcpGuard, parseBoundedJson, rpcError, type GuardOptions } from './guard.ts';
import type { McpServerDeps } from './server.ts';

/**
 * `POST /mcp/:token`: the Streamable HTTP endpoint, stateless, serving both
 * protocol eras. In order: the guard (Host, Origin, body limit), the token
 * (and API token) to a session, the media type and the JSON body; then the
 * fast path for plain tools/call and tools/list (fast/), and the SDK for
 * everything else (era.ts).
 */
export interface McpEndpointDeps extends McpServerDeps, GuardOptions {
  /** The request's session, or why it has none. */
  open(token: string, authorization: string | undefined): Promise<OpenedSession>;
  /** The session of the bare `/mcp`, whose `Authorization` is an OAuth access token; throws the 401 (gateway/oauth/). */
  openBearer(authorization: string | undefined): Promise<McpSession>;
  /** `false` sends every request through the SDK (`MCP_FAST_PATH=off`). */
  fastPath: boolean;
}

export const MCP_REALM = 'roserocket-mcp';

const UNKNOWN = 'this MCP server URL is unknown, revoked or expired';

/** What a client is told when a URL opens no session: 401, with the challenge that says how to retry. */
export function accessRefusal(reason: McpAccessFailureReason): HttpError {
  switch (reason) {
    case 'unknown_server':
      return unauthorized(UNKNOWN, MCP_REALM, true);
    case 'api_token_missing':
      return unauthorized('this MCP server requires Authorization: Bearer <API token of its integrated account>', MCP_REALM, false);
    case 'api_token_invalid':
      return unauthorized("the Bearer token is not a valid API token of this MCP server's integrated account", MCP_REALM, true);
  }
}

const JSON_TYPE = /^application\/json\b/i;

export function mcpEndpoint(deps: McpEndpointDeps) {
  const sdk = sdkAnswer(deps);
  const app = new Hono();
  // `/mcp/*` covers the bare `/mcp` too.
  app.use('/mcp/*', mcpGuard(deps));
  app.on(['GET', 'DELETE'], '/mcp/:token?', (c) => {
    c.header('Allow', 'POST');
    return rpcError(c, 405, -32000, 'Method not allowed: this server is stateless; send JSON-RPC requests with POST.');
  });
  app.post('/mcp/:token?', async (c) => {
    const token = c.req.param('token');
    let session: McpSession;
    if (token === undefined) session = await deps.openBearer(c.req.header('authorization'));
    else {
      const opened = await deps.open(token, c.req.header('authorization'));
      if (!opened.ok) throw accessRefusal(opened.reason);
      session = opened.session;
    }

    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) return rpcError(c, 415, -32600, 'Content-Type must be application/json');
    let text: string;
    try {
      text = await c.req.text();
    } catch {
      throw new ClientAbortError();
    }
    const parsed = parseBoundedJson(text);
    if (!parsed.ok) return rpcError(c, 400, -32700, `Parse error: the body ${parsed.reason === 'invalid' ? 'is not valid JSON' : parsed.message}`);
    const body = parsed.value;

    const fast = deps.fastPath ? fastAnswer((name) => c.req.header(name), body, session, deps) : null;
    return fast ? await fast : sdk(c.req.raw, body, session);
  });
  return app;
}
