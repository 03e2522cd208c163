#!/usr/bin/env node
/**
 * roserocket-mcp: read the configuration, start the gateway, serve it. Three
 * ways, one file (also once bundled into `dist/`):
 *
 * - run as a program (`node`, `deno run`, `npx roserocket-mcp`): HTTP, or
 *   stdio with `--stdio`;
 * - imported for its default export `{ fetch }` (Deno Deploy, `deno serve`
 *   through a re-export, any fetch-handler host): nothing starts until the
 *   first request.
 *
 * This is the only module that reads the environment; everything else lives
 * in `gateway/`.
 */
import process from 'node:process';
import { banner } from './gateway/banner.ts';
import { startGateway, type Gateway } from './gateway/bootstrap.ts';
import { ConfigError, loadConfig, type GatewayConfig } from './gateway/config.ts';
import { batchedWriter, jsonLogger, parseLogLevel } from './gateway/log.ts';
import { createFetchHandler } from './gateway/runtime/fetch-handler.ts';
import { listen } from './gateway/runtime/listen.ts';
import { boundHeapGrowth, commandArgs, deno, exit, isMainModule, readEnv } from './gateway/runtime/platform.ts';
import { serveOverStdio } from './gateway/runtime/stdio.ts';
import { informationRequested } from './gateway/usage.ts';
import { openPlatformStore } from './gateway/runtime/store.ts';

// Logs go to stderr always: under --stdio, stdout carries the protocol.
const logLevel = parseLogLevel(readEnv().LOG_LEVEL);
const stderr = batchedWriter((text) => process.stderr.write(text));
process.on('exit', stderr.flush);
const logger = jsonLogger(stderr.write, { level: logLevel.level });
if (logLevel.warning) logger.log('warn', 'config', { warning: logLevel.warning });

const platform = () => ({
  onDenoDeploy: Boolean(readEnv().DENO_DEPLOYMENT_ID),
  openKv: deno?.openKv ? deno.openKv.bind(deno) : null,
});

export default createFetchHandler({ env: readEnv, platform, logger, print: (text) => process.stdout.write(text) });

async function serveHttp(requested: GatewayConfig): Promise<void> {
  // Bind first: with PORT=0 the URLs the gateway hands out must name the port the OS chose.
  let gateway: Gateway | null = null;
  const listener = await listen(
    // `env` is what the runtime says of the connection (its peer: gateway/peer.ts), passed on to the app whole.
    (request, env) => gateway?.app.fetch(request, env) ?? new Response('starting', { status: 503 }),
    { hostname: requested.host, port: requested.port },
  );
  const config =
    requested.port === 0 && !requested.publicUrlGiven ? { ...requested, publicUrl: requested.publicUrl.replace(/:0$/, `:${listener.port}`) } : requested;
  const chosen = await openPlatformStore(config, { requested: readEnv().STORE || undefined, ...platform() }, logger);
  const started = await startGateway(chosen.config, logger, { store: chosen.store });
  gateway = started;
  logger.log('info', 'gateway_started', { mode: 'http', store: chosen.kind, port: listener.port });
  process.stdout.write(banner(config, started));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await listener.close();
    await started.close();
    exit(0);
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const information = informationRequested(commandArgs());
  if (information !== null) {
    process.stdout.write(information);
    return;
  }
  const config = loadConfig(readEnv(), commandArgs());
  boundHeapGrowth(readEnv().NODE_OPTIONS);
  if (!config.stdio) {
    if (config.stdioMethods.length > 0 || config.stdioTags.length > 0) {
      throw new ConfigError('--methods and --tags apply to --stdio only; over HTTP each MCP server URL carries its own filter');
    }
    return serveHttp(config);
  }
  const serving = await serveOverStdio(config, logger, process.stdin);
  process.on('SIGINT', serving.stop).on('SIGTERM', serving.stop);
  await serving.done;
  // An upstream keep-alive socket must not hold a finished stdio server open.
  exit(0);
}

if (isMainModule(import.meta)) {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`roserocket-mcp: ${message}\n`);
    exit(1);
  });
}
