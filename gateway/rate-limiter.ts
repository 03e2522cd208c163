import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
// One file each, not the index, which loads every limiter the package has (see deep-imports.d.ts).
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';

/**
 * Where the gateway's rate limits count (the tool-call limits of
 * mcp/rate-limits.ts, the OAuth endpoints'): in the records' Redis when the
 * store is Redis, so instances behind one load balancer share each count,
 * and in memory otherwise. Counted by rate-limiter-flexible either way.
 */
export interface SharedCounter {
  /** The Redis store's connection and namespace (`Store.redis`); keys go under `<prefix>-rl:`, beside the records, never among them. */
  client: Redis;
  prefix: string;
}

/** A limiter of `points` per `seconds`, named `name` (one name, one count, across instances). */
export type LimiterFactory = (name: string, points: number, seconds: number) => RateLimiterAbstract;

export function limiterFactory(redis: SharedCounter | null | undefined): LimiterFactory {
  if (!redis) return (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration });
  // Redis not (yet) reachable: fail at once rather than queue the request; callers then let it through (fail open).
  return (name, points, duration) =>
    new RateLimiterRedis({ storeClient: redis.client, keyPrefix: `${redis.prefix}-rl:${name}`, points, duration, rejectIfRedisNotReady: true });
}
