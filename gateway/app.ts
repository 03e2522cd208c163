import { Hono } from 'hono';
import type { ToolDefinition } from '../tools/define.ts';
import { TOOLS } from '../tools/index.ts';
import { BUILT_IN_OBJECT_DEFINITIONS } from '../tools/object-catalogue.ts';
import { connectionTester } from './account/connection-test.ts';
import { mcpSessions } from './account/mcp-sessions.ts';
import { createCallLog } from './call-log/call-log.ts';
import { createOAuth, type OAuthDeps } from './oauth/index.ts';
import { createAdminRoutes } from './admin/index.ts';
import { gatewayRateLimits } from './mcp/rate-limits.ts';
import { upstreamHostPolicy } from './upstream/host-policy.ts';
import type { GatewayConfig } from './config.ts';
import type { EmbeddedMock } from './embedded-mock.ts';
import { hostCheck } from './host-check.ts';
import { createNotFound, createOnError, pathRedactor, type UnexpectedErrorReporter } from './http-error.ts';
import type { Logger } from './log.ts';
import { compileCatalogue } from './mcp/catalogue.ts';
import { mcpEndpoint } from './mcp/endpoint.ts';
import { createMetrics, routeOf } from './metrics.ts';
import { metricsAccess } from './metrics-access.ts';
import { addressCheckingSend, upstreamSend } from './runtime/upstream-send.ts';
import type { Records } from './records/index.ts';
import { createUiRoutes } from './ui/index.ts';

/**
 * The gateway as one Hono app, wired: the MCP endpoint, the admin API, health
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
  /** The OAuth server's seams and limits (gateway/oauth/); defaults fit production. */
  oauth?: Pick<OAuthDeps, 'documentFetch' | 'resolve' | 'documentLimits' | 'lifetimes' | 'limits'>;
  /** How often `/readyz` may ask upstream (`READINESS_INTERVAL_MS` by default). */
  readinessIntervalMs?: number;
}

/** How often readiness may ask upstream; a probe's answer is shared until then. */
const READINESS_INTERVAL_MS = 30_000;

/** Largest MCP request body; a tools/call is a few KiB at most. */
const MCP_BODY_LIMIT = 1024 * 1024;

export function createGateway(options: GatewayOptions) {
  const { config, records, logger } = options;
  const tools = options.tools ?? TOOLS;
  const hostPolicy = upstreamHostPolicy(config.upstreamAllowedHosts);
  // Instances that share a Redis store share their rate limits too; otherwise each counts in memory.
  const rateLimits = gatewayRateLimits({ redis: records.store.redis ?? null });
  const sessions = mcpSessions(records, compileCatalogue(tools), {
    builtinObjects: BUILT_IN_OBJECT_DEFINITIONS,
    timeoutMs: config.upstreamTimeoutMs,
    maxAnswerBytes: config.upstreamMaxBytes,
    send: upstreamSend(options.upstreamFetch),
    hostPolicy,
    directoryTtlMs: options.directoryTtlMs,
  }, config.mcpRateLimit);
  const oauth = createOAuth({
    records,
    tools,
    publicUrl: config.publicUrl,
    logger,
    roseRocketFetch: options.upstreamFetch && ((request) => options.upstreamFetch!(request)),
    documentSend: addressCheckingSend(),
    ...options.oauth,
  });
  oauth.onRevoked((serverId) => sessions.forget(`person:${serverId}`));
  const metrics = createMetrics();
  const reportUnexpected: UnexpectedErrorReporter = (error, context) =>
    logger.log('error', 'unexpected_error', { ...context, error: String(error) });
  const redactPath = pathRedactor([config.adminApiKey]);
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
  // Which names the gateway answers to, on every route and whatever the listener.
  app.use(hostCheck({ publicUrl: config.publicUrlGiven ? config.publicUrl : null, listenHost: config.host }));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', metricsAccess(records, config.metricsPublic), async (c) => c.text(await metrics.render(), 200, { 'content-type': metrics.contentType }));
  // Unauthenticated, so it says what is down, not why: the reason (hosts, upstream messages) goes to the log.
  const check = async (name: string, probe: () => Promise<unknown>): Promise<'ok' | 'unreachable'> => {
    try {
      await probe();
      return 'ok';
    } catch (error) {
      logger.log('warn', 'readiness', { check: name, error: error instanceof Error ? error.message : String(error) });
      return 'unreachable';
    }
  };
  // Each upstream probe is a call on the account's quota, and /readyz is open to anyone: upstream
  // is asked at most once per interval, whoever asks, and every caller meanwhile shares that answer.
  const readinessIntervalMs = options.readinessIntervalMs ?? READINESS_INTERVAL_MS;
  let upstreamProbe: { at: number; verdict: Promise<'ok' | 'unreachable' | null> } | null = null;
  const upstreamReadiness = () => {
    const now = Date.now();
    if (!upstreamProbe || now - upstreamProbe.at >= readinessIntervalMs) {
      upstreamProbe = {
        at: now,
        verdict: sessions.defaultAccount().then((account) => account && check('upstream', () => account.client.checkCredentials())),
      };
    }
    return upstreamProbe.verdict;
  };
  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = { store: await check('store', () => records.store.ping()) };
    const upstream = await upstreamReadiness();
    if (upstream) checks.upstream = upstream;
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });

  // The log's store is the records' store: on Redis, every instance writes to and reads the same log.
  const callLog = createCallLog(records.store, config.callLog, records.now);
  app.route(
    '/',
    mcpEndpoint({
      open: sessions.open,
      async openBearer(authorization) {
        const { server, account, person } = await oauth.resolveBearer(authorization);
        return sessions.forGrant(server, account, person);
      },
      logger,
      callLog,
      metrics,
      rateLimits,
      resultByteBudget: config.resultByteBudget,
      allowedOrigins: config.allowedOrigins,
      maxBodyBytes: MCP_BODY_LIMIT,
      fastPath: config.fastPath,
    }),
  );
  app.route('/', oauth.routes);
  const adminRecords: Records = {
    ...records,
    async deleteAccount(id) {
      const deleted = await records.deleteAccount(id);
      sessions.forget(id);
      return deleted;
    },
    // A revoked OAuth connection of a person signed in at Rose Rocket takes their tokens with it.
    mcpServers: {
      ...records.mcpServers,
      async delete(accountId, id) {
        const deleted = await records.mcpServers.delete(accountId, id);
        if (deleted) await oauth.connectionRevoked(id);
        return deleted;
      },
    },
  };
  app.route('/', createAdminRoutes({ records: adminRecords, tools, publicUrl: config.publicUrl, callLog, hostPolicy }));
  app.route(
    '/',
    createUiRoutes({
      records,
      tools,
      publicUrl: config.publicUrl,
      dispatch: (request, env) => app.fetch(request, env),
      testConnection: connectionTester((id) => records.accounts.credentials(id), sessions.sessionFor, callLog.lastRateLimit),
      report: reportUnexpected,
      callLog,
    }),
  );
  if (options.embedded) {
    const embedded = options.embedded;
    app.all(`${embedded.prefix}/*`, (c) => embedded.handle(c.req.raw));
  }

  app.onError(createOnError(reportUnexpected, (context) => logger.log('info', 'client_abort', context), redactPath));
  app.notFound(createNotFound(redactPath));

  return { app, fetch: app.fetch, localSession: sessions.local, callLog, rateLimits, sweepOAuth: oauth.sweep };
}
