import type { Context, MiddlewareHandler } from 'hono';
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import type { Logger } from '../log.ts';

/**
 * The OAuth endpoints are open to anyone, so each is limited per client
 * address: guessing codes or verifiers, registering clients by the thousand,
 * making the gateway fetch metadata documents in a loop. Per instance (in
 * memory): a limit against abuse, not a quota to share exactly.
 */

export interface EndpointLimit {
  /** Requests per `seconds` per address. */
  points: number;
  seconds: number;
}

export interface OAuthLimits {
  authorize: EndpointLimit;
  token: EndpointLimit;
  register: EndpointLimit;
}

export const DEFAULT_OAUTH_LIMITS: OAuthLimits = {
  authorize: { points: 60, seconds: 60 },
  token: { points: 60, seconds: 60 },
  register: { points: 10, seconds: 60 },
};

/** The peer's address where the runtime gives it (Node's server puts its request on `env.incoming`); one bucket for the rest. */
function peer(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function oauthRateLimit(name: string, limit: EndpointLimit, logger: Logger): MiddlewareHandler {
  const limiter = new RateLimiterMemory({ points: limit.points, duration: limit.seconds, keyPrefix: `oauth-${name}` });
  return async (c, next) => {
    try {
      await limiter.consume(peer(c));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      logger.log('warn', 'oauth_rate_limited', { endpoint: name, retry_after: retryAfter });
      return c.json(
        { error: 'too_many_requests', error_description: `too many ${name} requests from this address; retry in ${retryAfter} s` },
        429,
        { 'retry-after': String(retryAfter), 'cache-control': 'no-store' },
      );
    }
    return next();
  };
}
