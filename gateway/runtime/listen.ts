import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { DirectLane } from '../mcp/endpoint.ts';
import { deno } from './platform.ts';

/** A fetch handler bound to a port: `Deno.serve` on Deno, `@hono/node-server` on Node. */
export interface Listener {
  /** The port bound (the one the OS chose when asked for 0). */
  port: number;
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** The gateway's lane, once there is a gateway (the port is bound before it is built). */
export type LaneSource = () => DirectLane | null;

/** Serves `fetch`; on Node, the MCP requests the lane takes are answered by it (see `withDirectLane`). */
export function listen(fetch: FetchHandler, address: { hostname: string; port: number }, lane: LaneSource = () => null): Promise<Listener> {
  return deno ? listenDeno(fetch, address) : listenNode(fetch, address, lane);
}

/** As `Response.text()` decodes a body: invalid bytes become U+FFFD and a BOM is dropped. */
const utf8 = new TextDecoder();

/**
 * A node:http listener that hands `POST /mcp/<token>` requests the lane takes
 * to it, read straight off the socket, and everything else (and whatever the
 * lane gives back) to `fallback`, the fetch handler's own listener.
 *
 * The lane reads headers as node parsed them. Node keeps only the first of
 * some repeated fields (`Authorization`, `Content-Type`, `Host`) where a
 * fetch `Headers` joins them all, so a request that repeats any field goes to
 * the fallback, where the two can't differ. A request the lane gives back
 * after its body was read goes on with that body as `rawBody`, which
 * @hono/node-server reads instead of the spent stream.
 */
export function withDirectLane(fallback: RequestListener, lane: LaneSource): RequestListener {
  return (req, res) => {
    const current = req.method === 'POST' ? lane() : null;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const header = (name: string) => req.headers[name] as string | undefined;
    if (!current || req.rawHeaders.length !== 2 * Object.keys(req.headers).length || !current.takes(path, header)) return fallback(req, res);

    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client that goes away mid-body gets nothing; node closes the socket.
    req.on('error', () => {});
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      current
        .answer(path, header, utf8.decode(body))
        .then((answer) => {
          if (answer) return write(res, answer);
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
          return fallback(req, res);
        })
        // The lane never rejects; a throw here is a bug in writing the answer, and costs the connection, not the process.
        .catch(() => res.destroy());
    });
  };
}

function write(res: ServerResponse, { status, headers, body }: { status: number; headers: Record<string, string>; body: string }) {
  // The answer's headers are made for it alone: completed in place, a copy was measurable on every call.
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
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

function listenNode(fetch: FetchHandler, { hostname, port }: { hostname: string; port: number }, lane: LaneSource): Promise<Listener> {
  return new Promise((resolve, reject) => {
    // What @hono/node-server's `serve` does, with the lane in front of its listener.
    const server = createServer(withDirectLane(getRequestListener(fetch, { hostname }), lane));
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
