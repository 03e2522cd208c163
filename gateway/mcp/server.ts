import { ProtocolError, ProtocolErrorCode, Server, type CallToolResult, type ListToolsResult } from '@modelcontextprotocol/server';
import pkg from '../../package.json' with { type: 'json' };
import type { ToolContext } from '../../tools/define.ts';
import type { AccountSession } from '../account/session.ts';
import type { McpSession } from '../account/mcp-sessions.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';
import { callTool } from './call-tool.ts';

export type { McpSession } from '../account/mcp-sessions.ts';

/**
 * One MCP server instance per request (never reused across requests:
 * CVE-2026-25536). It is cheap by design: the tool list is precompiled, and
 * the instance only holds two handlers closing over the request's session.
 */
export interface McpServerDeps {
  logger: Logger;
  resultByteBudget: number;
  metrics?: Metrics;
}

export const SERVER_INFO = { name: 'roserocket-mcp', title: 'Rose Rocket', version: pkg.version };

const INSTRUCTIONS =
  'Tools for the Rose Rocket TMS. Records of every kind (orders, customers, tasks, …) are reached through the *_objects tools with an object_key; ' +
  'boards are resolved for you when you give none. Use get_single_roserocket_objects_external_by_id when you hold an ERP or external id. ' +
  'Lists return next_cursor when more results exist.';

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

export function sessionTools(session: McpSession, deps: McpServerDeps): SessionTools {
  return {
    async list() {
      return { tools: session.catalogue.listing(await session.account.objectKeys.snapshot()) };
    },

    async call(name, args) {
      const tool = session.catalogue.byName.get(name);
      // A tool this server's filters exclude does not exist for it: never run it.
      if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);

      const started = performance.now();
      const seen = { status: null as number | null, rateLimit: null as RateLimit | null };
      const log = (outcome: string, extra?: Record<string, unknown>) => {
        const ms = performance.now() - started;
        deps.metrics?.toolCall(name, outcome, ms / 1000);
        const fields = { server_id: session.serverId, tool: name, outcome, latency_ms: Math.round(ms * 10) / 10, upstream_status: seen.status };
        deps.logger.log(outcome === 'ok' ? 'info' : outcome === 'bug' ? 'error' : 'warn', 'tool_call', extra ? Object.assign(fields, extra) : fields);
      };

      try {
        const out = await callTool(tool.definition, args, toolContext(session.account, seen), deps.resultByteBudget);
        if (out.upstreamStatus !== undefined) seen.status = out.upstreamStatus;
        session.rateLimit = out.rateLimit ?? seen.rateLimit ?? session.rateLimit;
        log(out.outcome);
        return out.result;
      } catch (error) {
        log('bug', { error: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    },
  };
}

export function createMcpServer(session: McpSession, deps: McpServerDeps): Server {
  const server = new RequestServer(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const tools = sessionTools(session, deps);
  server.setRequestHandler('tools/list', () => tools.list());
  server.setRequestHandler('tools/call', (request) => tools.call(request.params.name, request.params.arguments));
  return server;
}
