import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { TOOLS } from '../../tools/index.ts';
import { filterProblem, type ToolFilter } from '../access.ts';
import { startGateway } from '../bootstrap.ts';
import { ConfigError, type GatewayConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { createMcpServer } from '../mcp/server.ts';
import { openPlatformStore } from './store.ts';

/**
 * `--stdio`: the same tools over stdin/stdout for a local Claude Desktop
 * `command` entry. There are no URLs or tokens to keep, so the records live in
 * memory; `--methods`/`--tags` stand in for an MCP server record's filter.
 * stdout carries the protocol alone: every log line goes to the logger.
 */

/** The checks the admin API makes on a new MCP server's filter, made on the flags instead. */
export function stdioFilter(config: GatewayConfig): ToolFilter {
  const filter = { methods: config.stdioMethods, tags: config.stdioTags };
  const problem = filterProblem(TOOLS, filter);
  if (!problem) return filter;
  throw new ConfigError(`${problem.field === 'filter' ? '--methods with --tags' : `--${problem.field}`}: ${problem.reason}`);
}

export interface StdioServing {
  /** Resolves once stdin has closed (or `stop` was called) and everything is shut. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function serveOverStdio(config: GatewayConfig, logger: Logger, stdin: NodeJS.ReadableStream): Promise<StdioServing> {
  const filter = stdioFilter(config);
  const { store, config: startConfig } = await openPlatformStore(config, { requested: 'memory', onDenoDeploy: false, openKv: null }, logger);
  const gateway = await startGateway(startConfig, logger, { store, demoServer: 'none' });
  const session = await gateway.localSession(filter);
  const handle = serveStdio(async () => {
    await session.account.timezone.get(); // for the instructions; never fails
    return createMcpServer(session, { logger, resultByteBudget: config.resultByteBudget, rateLimits: gateway.rateLimits });
  }, {
    onerror: (error) => logger.log('warn', 'stdio_error', { error: error.message }),
  });
  logger.log('info', 'stdio_ready', { tools: session.catalogue.tools.length, upstream: gateway.embedded ? 'embedded mock' : 'Rose Rocket' });

  let stopped: Promise<void> | null = null;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const stop = () =>
    (stopped ??= (async () => {
      await handle.close();
      await gateway.close();
      finished();
    })());
  // The client closing our stdin is how Claude Desktop ends a server: leave then, not on some later signal.
  stdin.once('end', stop).once('close', stop);
  return { done, stop };
}
