import { Hono } from 'hono';
import type { ToolDefinition } from '../tools/define.ts';
import { TOOLS } from '../tools/index.ts';
import { BUILT_IN_OBJECT_DEFINITIONS } from '../tools/object-catalogue.ts';
import { accountSessions } from './account/session.ts';
import { connectionTester } from './account/connection-test.ts';
import { createAdminRoutes } from './admin/index.ts';
import type { GatewayConfig } from './config.ts';
import type { RoseRocketAccount } from './upstream/client.ts';
import type { EmbeddedMock } from './embedded-mock.ts';
import { createOnError, notFound, redactPath, type UnexpectedErrorReporter } from './http-error.ts';
import type { Logger } from './log.ts';
import { createMetrics, routeOf } from './metrics.ts';
import { compileCatalogue } from './mcp/catalogue.ts';
import { LOCALHOST, mcpEndpoint } from './mcp/endpoint.ts';
import type { McpSession } from './mcp/server.ts';
import type { ToolFilter } from './access.ts';
import { DEFAULT_ACCOUNT_ID, type AccountCredentials, type Records } from './records/index.ts';
import { derivedOnce } from './store/store.ts';
import { createUiRoutes } from './ui/index.ts';

/**
 * The gateway as one Hono app: the MCP endpoint, the admin API, health
 * checks, and (on the embedded default) the mock Rose Rocket. Everything it
 * needs is handed in; it reads no environment and opens no port.
 */
export interface GatewayOptions {
  config: GatewayConfig;
  records: Records;
  logger: Logger;
  tools?: readonly ToolDefinition[];
  /** The upstream client's fetch (the embedded mock's, or a test's). */
  upstreamFetch?: typeof fetch;
  embedded?: EmbeddedMock | null;
  /** How long object definitions and default boards are cached per account. */
  directoryTtlMs?: number;
  /** `false`: every MCP request through the SDK, none answered directly (see mcp/direct.ts). */
  directDispatch?: boolean;
}

/** Largest MCP request body; a tools/call is a few KiB at most. */
const MCP_BODY_LIMIT = 1024 * 1024;

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

const toAccountConfig = (a: AccountCredentials): RoseRocketAccount => ({
  apiUrl: a.api_url,
  authUrl: a.auth_url,
  clientId: a.client_id,
  clientSecret: a.client_secret,
  orgId: a.org_id,
  userId: a.user_id,
});

export function createGateway(options: GatewayOptions) {
  const { config, records, logger } = options;
  const tools = options.tools ?? TOOLS;
  const catalogue = compileCatalogue(tools);
  const sessions = accountSessions({
    builtinObjects: BUILT_IN_OBJECT_DEFINITIONS,
    timeoutMs: config.upstreamTimeoutMs,
    fetch: options.upstreamFetch,
    directoryTtlMs: options.directoryTtlMs,
  });

  // Credentials may change (the default account is refreshed from configuration at start):
  // a new set of them gets a new upstream client.
  const versionOf = derivedOnce((account: AccountCredentials) =>
    [account.api_url, account.auth_url, account.client_id, account.client_secret, account.org_id, account.user_id].join('\n'),
  );
  const sessionFor = (account: AccountCredentials) => sessions.get(account.id, versionOf(account), () => toAccountConfig(account));

  async function open(token: string, authorization: string | undefined): Promise<McpSession> {
    const access = await records.resolveMcpRequest(token, authorization);
    if (!access.ok) throw access.error;
    return {
      serverId: access.server.id,
      catalogue: catalogue.serve(access.server.config),
      account: await sessionFor(access.account),
      rateLimit: null,
    };
  }

  const metrics = createMetrics();
  const reportUnexpected: UnexpectedErrorReporter = (error, context) =>
    logger.log('error', 'unexpected_error', { ...context, error: String(error) });
  const app = new Hono();
  // Every HTTP answer counted, and a line at debug.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const { status } = c.res;
    metrics.httpResponse(routeOf(c.req.path), status);
    // On every MCP request the level says no, so the line's fields are not made.
    const level = status >= 500 ? 'error' : 'debug';
    if (logger.enabled?.(level) === false) return;
    logger.log(level, 'http', { method: c.req.method, path: redactPath(c.req.path), status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  // Unauthenticated, so it says what is down, not why: the reason (hosts, upstream messages) goes to the log.
  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    const check = async (name: string, probe: () => Promise<unknown>) => {
      try {
        await probe();
        checks[name] = 'ok';
      } catch (error) {
        checks[name] = 'unreachable';
        logger.log('warn', 'readiness', { check: name, error: error instanceof Error ? error.message : String(error) });
      }
    };
    await check('store', () => records.store.ping());
    const account = await records.accounts.credentials(DEFAULT_ACCOUNT_ID).catch(() => null);
    if (account) await check('upstream', async () => (await sessionFor(account)).client.checkCredentials());
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });

  const mcp = mcpEndpoint({
    open,
    logger,
    metrics,
    resultByteBudget: config.resultByteBudget,
    allowedOrigins: config.allowedOrigins,
    // Listening on loopback only, the Host header must name this machine (or the public URL a tunnel gives it).
    allowedHosts: isLoopback(config.host) ? [...LOCALHOST, new URL(config.publicUrl).hostname] : null,
    maxBodyBytes: MCP_BODY_LIMIT,
    directDispatch: options.directDispatch,
  });
  app.route('/', mcp);
  // A deleted account's upstream client (its secret, its access token) must not outlive it here.
  const adminRecords: Records = {
    ...records,
    async deleteAccount(id) {
      const deleted = await records.deleteAccount(id);
      sessions.forget(id);
      return deleted;
    },
  };
  app.route('/', createAdminRoutes({ records: adminRecords, tools, publicUrl: config.publicUrl }));
  app.route(
    '/',
    createUiRoutes({
      records,
      tools,
      publicUrl: config.publicUrl,
      dispatch: (request, env) => app.fetch(request, env),
      testConnection: connectionTester((id) => records.accounts.credentials(id), sessionFor, async () => null),
      report: reportUnexpected,
    }),
  );
  if (options.embedded) {
    const embedded = options.embedded;
    app.all(`${embedded.prefix}/*`, (c) => embedded.handle(c.req.raw));
  }

  app.onError(createOnError(reportUnexpected));
  app.notFound(notFound);

  /** A session on the default account with a fixed filter: the stdio transport has no URL to carry one. */
  async function localSession(filter: ToolFilter): Promise<McpSession> {
    const account = await records.accounts.credentials(DEFAULT_ACCOUNT_ID);
    if (!account) throw new Error('the default Rose Rocket account is missing');
    return { serverId: 'stdio', catalogue: catalogue.serve(filter), account: await sessionFor(account), rateLimit: null };
  }

  return { app, fetch: app.fetch, localSession };
}
