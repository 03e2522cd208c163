import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/** A fetch handler served over real HTTP, on 127.0.0.1 and a port the OS picks. */
export interface Listening {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

export function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (error: Error) => reject(error);
    server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      server.off('error', onError);
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            // Keep-alive sockets (and a request a test left hanging on purpose) would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', onError);
  });
}
