import { Hono } from 'hono';
import type { ToolDefinition } from '../../tools/define.ts';
import type { CallLog } from '../call-log/call-log.ts';
import type { Records } from '../records/index.ts';
import type { UpstreamHostPolicy } from '../upstream/host-policy.ts';
import { accountRoutes } from './accounts.ts';
import { apiTokenRoutes } from './api-tokens.ts';
import { callRoutes } from './calls.ts';
import { operatorAuth, type AdminEnv } from './auth.ts';
import { mcpServerRoutes } from './mcp-servers.ts';

export interface AdminDeps {
  records: Records;
  /** The catalogue the gateway serves (`TOOLS`); filters are validated against it. */
  tools: readonly ToolDefinition[];
  /** Base URL clients reach the gateway at; MCP URLs are `<publicUrl>/mcp/<token>`. */
  publicUrl: string;
  /** The tool-call log, read by `GET …/calls`. */
  callLog: CallLog;
  /** Where an account's `api_url` and `auth_url` may point. */
  hostPolicy: UpstreamHostPolicy;
}

/**
 * The admin API, to mount at `/`. Auth is registered on the admin paths only
 * (never `*`): `app.route('/', admin)` would otherwise put it in front of
 * `/mcp` and `/healthz` too. No `onError` of its own: a sub-app's handler
 * would win over the gateway's, and its bugs would bypass the gateway's logger.
 */
export function createAdminRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const auth = operatorAuth(deps.records);
  const app = new Hono<AdminEnv>();
  for (const path of ['/integrated-account', '/integrated-account/*', '/api-token', '/api-token/*']) app.use(path, auth);
  app.route('/', accountRoutes(deps.records, deps.hostPolicy));
  app.route('/', mcpServerRoutes(deps));
  app.route('/', apiTokenRoutes(deps.records));
  app.route('/', callRoutes(deps.records, deps.callLog));
  return app;
}
