import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address of the peer that opened the connection, as the runtime that
 * served the request says: Node's server hands the app its `IncomingMessage`
 * as `env.incoming` (read by @hono/node-server's conninfo helper), and
 * `Deno.serve` its `ServeHandlerInfo` (`env.remoteAddr`, read here as
 * hono/deno's helper does: that module touches `Deno` when imported, so
 * Node could not load it). `null` when the runtime did not say (an
 * in-process `app.request`, a host that passes nothing, a Unix socket):
 * whatever asks must then assume the worst.
 *
 * The address is the TCP peer's: behind a proxy on this machine every
 * request comes from loopback, so callers that trust loopback also look for
 * the headers proxies add (metrics-access.ts).
 */
export function peerAddress(c: Context): string | null {
  const env = c.env as { incoming?: unknown; server?: unknown; remoteAddr?: { hostname?: unknown } } | undefined;
  if (env?.incoming || env?.server) return nodeConnInfo(c).remote.address ?? null;
  const hostname = env?.remoteAddr?.hostname;
  return typeof hostname === 'string' ? hostname : null;
}

/** 127.0.0.0/8 and ::1, as a socket reports them (IPv4 on a dual-stack socket comes IPv4-mapped). */
export function isLoopbackAddress(address: string | null): boolean {
  if (address === null) return false;
  return address === '::1' || /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}
