import type { MiddlewareHandler } from 'hono';
import { operatorAuth } from './admin/auth.ts';
import { unauthorized } from './http-error.ts';
import { isLoopbackAddress, peerAddress } from './peer.ts';
import type { Records } from './records/index.ts';

/** Headers a reverse proxy adds: a request that carries one came from elsewhere, whatever its TCP peer. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'cf-connecting-ip'];

/**
 * Who may read `/metrics` (tool names, outcomes and counts, memory): a
 * scraper on this machine as it is; anyone else with the operator token the
 * admin API takes, unless the operator made it public (`METRICS_PUBLIC`).
 * A request a proxy on this machine forwarded is not this machine's, so it
 * is not let in for its loopback peer.
 */
export function metricsAccess(records: Records, open: boolean): MiddlewareHandler {
  const operator = operatorAuth(records);
  return async (c, next) => {
    if (open) return next();
    const local = isLoopbackAddress(peerAddress(c)) && !FORWARDED.some((name) => c.req.header(name) !== undefined);
    if (local) return next();
    if (c.req.header('authorization') === undefined) {
      throw unauthorized(
        '/metrics answers loopback peers only; from elsewhere send Authorization: Bearer <operator API token>, or set METRICS_PUBLIC=true',
        'roserocket-mcp metrics',
        false,
      );
    }
    // The admin API's own check: an unknown or revoked token is a 401, an account's token a 403.
    return operator(c as Parameters<typeof operator>[0], next);
  };
}
