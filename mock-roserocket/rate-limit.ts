import type { MiddlewareHandler } from 'hono';
import type { RateLimitConfig } from './config.ts';
import type { MockEnv } from './env.ts';
import { sendError } from './errors.ts';

/**
 * Rose Rocket documents no rate limits. The mock's limiter exists so the
 * gateway's header normaliser meets every dialect it may see in the wild:
 * a fixed window per org that opens on the org's first call (as NestJS's
 * throttler does), with the headers of the configured dialect.
 */

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAtMs: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, { startMs: number; count: number }>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Counts one call for `key` if the quota allows it. Refused calls do not count. */
  take(key: string, config: RateLimitConfig): RateLimitState {
    const now = this.#now();
    const windowMs = config.windowSeconds * 1000;
    let window = this.#windows.get(key);
    if (!window || now >= window.startMs + windowMs) {
      window = { startMs: now, count: 0 };
      this.#windows.set(key, window);
    }
    const allowed = window.count < config.limit;
    if (allowed) window.count += 1;
    return {
      allowed,
      limit: config.limit,
      remaining: config.limit - window.count,
      resetAtMs: window.startMs + windowMs,
    };
  }

  clear(): void {
    this.#windows.clear();
  }
}

/**
 * The headers a dialect puts on a response. Retry-After dialects speak only
 * on a 429; the others also describe the quota on successful calls.
 */
export function rateLimitHeaders(
  config: RateLimitConfig,
  state: RateLimitState,
  nowMs: number,
  rejected: boolean,
): Record<string, string> {
  const resetDelta = Math.max(1, Math.ceil((state.resetAtMs - nowMs) / 1000));
  // Rounded up, so a client that waits until the stated second is never early.
  const resetEpoch = Math.ceil(state.resetAtMs / 1000);
  const limit = String(state.limit);
  const remaining = String(state.remaining);
  switch (config.dialect) {
    case 'none':
      return {};
    case 'x-ratelimit-epoch':
      return { 'X-RateLimit-Limit': limit, 'X-RateLimit-Remaining': remaining, 'X-RateLimit-Reset': String(resetEpoch) };
    case 'x-ratelimit-delta':
      return { 'X-RateLimit-Limit': limit, 'X-RateLimit-Remaining': remaining, 'X-RateLimit-Reset': String(resetDelta) };
    case 'ietf-draft-06':
      return { 'RateLimit-Limit': limit, 'RateLimit-Remaining': remaining, 'RateLimit-Reset': String(resetDelta) };
    case 'ietf-structured':
      return {
        RateLimit: `"default";r=${remaining};t=${resetDelta}`,
        'RateLimit-Policy': `"default";q=${limit};w=${config.windowSeconds}`,
      };
    case 'retry-after-seconds':
      return rejected ? { 'Retry-After': String(resetDelta) } : {};
    case 'retry-after-date':
      return rejected ? { 'Retry-After': new Date(resetEpoch * 1000).toUTCString() } : {};
  }
}

/** Runs after auth, so `orgId` is known; off while the config says `rateLimit: null`. */
export function rateLimit(
  limiter: RateLimiter,
  config: () => RateLimitConfig | null,
  now: () => number,
): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const current = config();
    if (!current) return next();
    const state = limiter.take(c.get('orgId'), current);
    const headers = rateLimitHeaders(current, state, now(), !state.allowed);
    if (!state.allowed) {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      return sendError(c, 429, 'ThrottlerException: Too Many Requests');
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
