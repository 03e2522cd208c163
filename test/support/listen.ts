import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';

/** A fetch handler served over real HTTP, on 127.0.0.1 and a port the OS picks. */
export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** `url` is `http://127.0.0.1:<port>`, no trailing slash. */
export function listen(fetch: (request: Request, env?: unknown) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = createServer(getRequestListener(fetch));
    const onError = (error: Error) => reject(error);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            // Keep-alive sockets (and a request a test left hanging on purpose) would hold close() open.
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', onError);
  });
}
