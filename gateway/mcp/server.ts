import { ProtocolError, ProtocolErrorCode, Server, type CallToolResult, type ListToolsResult } from '@modelcontextprotocol/server';
import pkg from '../../package.json' with { type: 'json' };
import type { ToolContext, ToolDefinition } from '../../tools/define.ts';
import { describeFilter, whyExcluded, type ToolFilter } from '../access.ts';
import type { AccountSession } from '../account/session.ts';
import type { McpSession } from '../account/mcp-sessions.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';
import { callTool, errorResult } from './call-tool.ts';
import { refusalPayload, type GatewayRateLimits } from './rate-limits.ts';
import { serverInstructions } from './instructions.ts';
import type { CallLog, CallOutcome } from '../call-log/call-log.ts';

export type { McpSession } from '../account/mcp-sessions.ts';

/**
 * One MCP server instance per request (never reused across requests:
 * CVE-2026-25536). It is cheap by design: the tool list is precompiled, and
 * the instance only holds two handlers closing over the request's session.
 */
export interface McpServerDeps {
  logger: Logger;
  /** Where each tool call is noted for the dashboard's Activity tab and `GET …/calls`; `record` only buffers. */
  callLog?: Pick<CallLog, 'record'>;
  resultByteBudget: number;
  metrics?: Metrics;
  /** The gateway's own limits (rate-limits.ts); absent, none. */
  rateLimits?: GatewayRateLimits;
}

export const SERVER_INFO = { name: 'roserocket-mcp', title: 'Rose Rocket', version: pkg.version };


/** A `ToolContext` over the account that also notes what upstream answered, for headers and logs. */
function toolContext(account: AccountSession, seen: { status: number | null; rateLimit: RateLimit | null }): ToolContext {
  return {
    async call<T>(request: Parameters<ToolContext['call']>[0]) {
      const response = await account.client.call<T>(request);
      seen.status = response.status;
      if (response.rateLimit) seen.rateLimit = response.rateLimit;
      return response;
    },
    objectKeys: account.objectKeys,
    boards: account.boards,
  };
}

/**
 * A server that lives for one request. Closing it (after every request)
 * makes the SDK build a "Connection closed" error for whatever is still
 * pending, and V8 captures a stack for it, pending or not: ~15 µs of CPU
 * per call. That stack could only ever point at this close, so it is not
 * captured.
 */
class RequestServer extends Server {
  protected override _onclose(): void {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super._onclose();
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * What an MCP server of this session answers to the two tool methods. The
 * one place a tool call is looked up, run, logged, timed and counted: both
 * the SDK's per-request server and the fast path (fast/) call these.
 */
export interface SessionTools {
  list(): Promise<ListToolsResult>;
  /** Throws a `ProtocolError` (-32602) for a tool this server's filters exclude; rethrows bugs. */
  call(name: string, args: unknown): Promise<CallToolResult>;
}

/** The seam's outcomes as the call log names them; an upstream 429 is "rate limited", not an upstream error. */
function loggedOutcome(outcome: string, upstreamStatus: number | null): CallOutcome {
  if (outcome === 'ok') return 'ok';
  if (outcome === 'invalid_arguments') return 'tool_error';
  if (outcome === 'rate_limited' || upstreamStatus === 429) return 'rate_limited';
  if (outcome === 'upstream_error') return 'upstream_error';
  return 'internal_error';
}

const messageOf = (result: CallToolResult | null): string | null => {
  const message = (result?.structuredContent as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : null;
};

export function sessionTools(session: McpSession, deps: McpServerDeps): SessionTools {
  const { callLog } = deps;
  const accountId = session.account.accountId;
  return {
    async list() {
      return { tools: session.catalogue.listing(await session.account.objectKeys.snapshot()) };
    },

    async call(name, args) {
      const tool = session.catalogue.byName.get(name);
      if (!tool) {
        // A catalogue tool this URL's filters leave out is never run, but the model is told why, to tell the user.
        const left = session.catalogue.excluded.get(name);
        callLog?.record({ accountId, serverId: session.serverId, tool: String(name), outcome: 'refused', latencyMs: 0, upstreamStatus: null, rateLimit: null, error: `tool ${name} is not available on this MCP server`, args });
        if (!left) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
        deps.logger.log('warn', 'tool_call', { server_id: session.serverId, tool: name, outcome: 'refused', reason: 'not_allowed', latency_ms: 0, upstream_status: null });
        return notAllowed(left, session.catalogue.filter, deps.resultByteBudget);
      }

      const started = performance.now();
      const seen = { status: null as number | null, rateLimit: null as RateLimit | null };
      const log = (outcome: string, extra?: Record<string, unknown>, result: CallToolResult | null = null) => {
        const ms = performance.now() - started;
        // The log line and the call log name an outcome alike (so a log's outcome filters the call log); the seam's finer word is the line's reason.
        const named = loggedOutcome(outcome, seen.status);
        if (callLog) {
          const error = outcome === 'ok' ? null : outcome === 'bug' ? 'internal error' : messageOf(result);
          const rateLimit = outcome === 'ok' ? seen.rateLimit : (session.rateLimit ?? seen.rateLimit);
          callLog.record({ accountId, serverId: session.serverId, tool: name, outcome: named, latencyMs: ms, upstreamStatus: seen.status, rateLimit, error, args });
        }
        deps.metrics?.toolCall(name, outcome, ms / 1000);
        const fields = { server_id: session.serverId, tool: name, outcome: named, ...(named !== outcome && { reason: outcome }), latency_ms: Math.round(ms * 10) / 10, upstream_status: seen.status };
        deps.logger.log(outcome === 'ok' ? 'info' : outcome === 'bug' ? 'error' : 'warn', 'tool_call', extra ? Object.assign(fields, extra) : fields);
      };

      try {
        // The gateway's own limits first: a refused call never reaches upstream.
        const refused = deps.rateLimits && (await deps.rateLimits.admit(session.serverId, session.account.accountId, session.requestRate));
        if (refused) {
          deps.metrics?.rateLimitRefusal(refused.scope);
          const result = errorResult(refusalPayload(refused, session.requestRate), deps.resultByteBudget);
          log('rate_limited', { source: 'gateway', scope: refused.scope }, result);
          // Set after the call log's entry, which keeps only what upstream said (the account's quota, shown by Test connection).
          session.rateLimit = refused;
          return result;
        }
        const out = await callTool(tool.definition, args, toolContext(session.account, seen), deps.resultByteBudget);
        if (out.upstreamStatus !== undefined) seen.status = out.upstreamStatus;
        session.rateLimit = out.rateLimit ?? seen.rateLimit ?? session.rateLimit;
        if (out.upstreamStatus === 429 && out.rateLimit) await deps.rateLimits?.upstreamSpent(session.account.accountId, out.rateLimit);
        log(out.outcome, undefined, out.result);
        return out.result;
      } catch (error) {
        log('bug', { error: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    },
  };
}

/**
 * The instructions give the account's timezone as last read; whoever answers
 * a handshake (era.ts, stdio) first waits for `account.timezone.get()`,
 * which never fails and costs nothing once the account's `/me` is known.
 */
export function createMcpServer(session: McpSession, deps: McpServerDeps): Server {
  const instructions = serverInstructions(session.catalogue.filter, new Date(), session.account.timezone.peek());
  const server = new RequestServer(SERVER_INFO, { capabilities: { tools: {} }, instructions });
  const tools = sessionTools(session, deps);
  server.setRequestHandler('tools/list', () => tools.list());
  server.setRequestHandler('tools/call', (request) => tools.call(request.params.name, request.params.arguments));
  return server;
}

function notAllowed(tool: ToolDefinition, filter: ToolFilter, byteBudget: number): CallToolResult {
  const message =
    `This MCP server URL does not allow ${tool.name}: ${whyExcluded(tool, filter)}. It allows ${describeFilter(filter)}. ` +
    'The tool was not run; to use it, the user needs a URL that allows it from whoever manages the gateway.';
  return errorResult({ error: 'not_allowed', message }, byteBudget);
}
