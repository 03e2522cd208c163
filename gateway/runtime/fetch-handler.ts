import { startGateway, type Gateway } from '../bootstrap.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { hostRule, misdirected, requestHost } from '../host-check.ts';
import { HttpError } from '../http-error.ts';
import type { Logger } from '../log.ts';
import { openPlatformStore, type PlatformOptions } from './store.ts';

/**
 * The gateway as a module's default export `{ fetch }`: the shape Deno
 * Deploy, `deno serve` and other fetch-handler hosts take. Importing it
 * starts nothing; the first request reads the configuration and starts the
 * gateway (once, however many requests arrive together), so the module stays
 * free of side effects for hosts and tests that only import it.
 */
export interface FetchHandlerOptions {
  env: () => Record<string, string | undefined>;
  platform: () => Omit<PlatformOptions, 'requested'>;
  logger: Logger;
  /** Where one-time notices go (the demo URL, a generated admin token): shown once, never logged. */
  print: (text: string) => void;
}

export interface FetchHandler {
  /** `info`: what the host says of the connection (`Deno.ServeHandlerInfo` under `deno serve`), passed on to the app (gateway/peer.ts). */
  fetch(request: Request, info?: unknown): Promise<Response>;
  /** Stops the gateway if it started (tests; hosts end the isolate instead). */
  close(): Promise<void>;
}

async function start(request: Request, options: FetchHandlerOptions): Promise<Gateway> {
  const env = options.env();
  const loaded = loadConfig(env);
  const config = {
    ...loaded,
    // Nothing is bound here, so there is no host:port to name: the first request (a loopback one, see fetch) says where the gateway is reached.
    publicUrl: loaded.publicUrlGiven ? loaded.publicUrl : new URL(request.url).origin,
    // The address the host listens on is not known here: not a loopback one, as far as the Host rule goes.
    host: env.HOST ? loaded.host : '0.0.0.0',
  };
  const platform = await openPlatformStore(config, { requested: env.STORE || undefined, ...options.platform() }, options.logger);
  // On a shared store the gateway starts once per isolate: keep one demo server rather than replace it each time.
  const gateway = await startGateway(platform.config, options.logger, { store: platform.store, demoServer: 'ensure' });
  options.logger.log('info', 'gateway_started', { mode: 'fetch-handler', store: platform.kind, upstream: gateway.embedded ? 'embedded mock' : 'Rose Rocket' });

  const notices: string[] = [];
  if (gateway.demo) {
    notices.push('No Rose Rocket credentials are set: serving the embedded mock Rose Rocket (demo data).', `Demo MCP server URL (shown once): ${gateway.demo.url}`);
  }
  if (gateway.generatedAdminToken) notices.push(`Admin API token (generated, shown once; set ADMIN_API_KEY to choose your own): ${gateway.generatedAdminToken}`);
  if (notices.length > 0) options.print(`roserocket-mcp\n${notices.map((n) => `  ${n}`).join('\n')}\n`);
  return gateway;
}

export function createFetchHandler(options: FetchHandlerOptions): FetchHandler {
  let starting: Promise<Gateway> | null = null;
  // Before the gateway starts, the app's Host rule is not there yet: a request it would refuse must neither start it nor name its URLs.
  const loopbackOnly = hostRule({ publicUrl: null, listenHost: '0.0.0.0' });

  return {
    async fetch(request, info) {
      if (starting === null && !options.env().PUBLIC_URL) {
        const refused = loopbackOnly(requestHost(request));
        if (refused !== null) return misdirected(refused).getResponse();
      }
      starting ??= start(request, options);
      let gateway: Gateway;
      try {
        gateway = await starting;
      } catch (error) {
        // Try again on the next request: Redis may come back; a configuration error will be reported again.
        starting = null;
        options.logger.log('error', 'gateway_start_failed', { error: error instanceof Error ? error.message : String(error) });
        const message = error instanceof ConfigError ? `the gateway could not start: ${error.message}` : 'the gateway could not start; see its logs';
        return new HttpError(503, message).getResponse();
      }
      return gateway.app.fetch(request, info);
    },
    async close() {
      const gateway = await starting?.catch(() => null);
      starting = null;
      await gateway?.close();
    },
  };
}
