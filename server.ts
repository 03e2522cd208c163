#!/usr/bin/env node
/**
 * roserocket-mcp: read the configuration, start the gateway, serve it over
 * HTTP (or stdio with `--stdio`). Everything else lives in `gateway/`.
 */
import { serve } from '@hono/node-server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { startGateway } from './gateway/bootstrap.ts';
import { banner } from './gateway/banner.ts';
import { ConfigError, loadConfig } from './gateway/config.ts';
import { jsonLogger } from './gateway/log.ts';
import { createMcpServer } from './gateway/mcp/server.ts';
import { createMemoryStore } from './gateway/store/memory.ts';

// Logs go to stderr always: under --stdio, stdout carries the protocol.
const logger = jsonLogger((line) => process.stderr.write(line));

async function main() {
  const config = loadConfig(process.env, process.argv.slice(2));

  if (config.stdio) {
    const gateway = await startGateway(config, logger, { store: createMemoryStore(), demoServer: false });
    const session = await gateway.localSession({ methods: config.stdioMethods, tags: config.stdioTags });
    const handle = serveStdio(() => createMcpServer(session, { logger, resultByteBudget: config.resultByteBudget }), {
      onerror: (error) => logger.log('warn', 'stdio_error', { error: error.message }),
    });
    const stop = async () => {
      await handle.close();
      await gateway.close();
    };
    process.stdin.on('end', stop);
    process.on('SIGINT', stop).on('SIGTERM', stop);
    return;
  }

  const gateway = await startGateway(config, logger);
  const server = serve({ fetch: gateway.app.fetch, hostname: config.host, port: config.port }, (info) => {
    process.stdout.write(banner(config, gateway, info.port));
  });
  const stop = () => {
    server.close(async () => {
      await gateway.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`roserocket-mcp: ${message}\n`);
  process.exit(1);
});
