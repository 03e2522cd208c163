import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { deno } from './platform.ts';

/** A fetch handler bound to a port: `Deno.serve` on Deno, `@hono/node-server` on Node. */
export interface Listener {
  /** The port bound (the one the OS chose when asked for 0). */
  port: number;
  close(): Promise<void>;
}

/** `env`: what the runtime says of the connection (Node: the `IncomingMessage`; Deno: `ServeHandlerInfo`), for the app's conninfo (gateway/peer.ts). */
type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** Serves `fetch`, the Hono app's: the gateway's only front door, on every runtime. */
export function listen(fetch: FetchHandler, address: { hostname: string; port: number }): Promise<Listener> {
  return deno ? listenDeno(fetch, address) : listenNode(fetch, address);
}

function listenDeno(fetch: FetchHandler, { hostname, port }: { hostname: string; port: number }): Promise<Listener> {
  return new Promise((resolve, reject) => {
    try {
      // onListen is given so that Deno prints no "Listening on" line of its own: stdout belongs to the banner.
      const server = deno!.serve({ hostname, port, onListen: (bound) => resolve({ port: bound.port, close: () => server.shutdown() }) }, fetch);
    } catch (error) {
      reject(error);
    }
  });
}

function listenNode(fetch: FetchHandler, { hostname, port }: { hostname: string; port: number }): Promise<Listener> {
  return new Promise((resolve, reject) => {
    // What @hono/node-server's `serve` does, with a close() that does not wait for idle keep-alive sockets.
    const server = createServer(getRequestListener(fetch, { hostname }));
    server.listen(port, hostname, () => {
      const info = server.address() as AddressInfo;
      server.off('error', reject);
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            // Idle keep-alive sockets would otherwise hold close() open until they time out.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
}
