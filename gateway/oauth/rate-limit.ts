import type { Context, MiddlewareHandler } from 'hono';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import type { Logger } from '../log.ts';
import { peerAddress } from '../peer.ts';
import type { LimiterFactory } from '../rate-limiter.ts';

/**
 * The OAuth endpoints are open to anyone, so each is limited per client
 * address: guessing codes or verifiers, registering clients by the thousand,
 * making the gateway fetch metadata documents in a loop, replaying Rose
 * Rocket callbacks. Counted where the gateway's other limits are
 * (rate-limiter.ts): shared by the instances on one Redis store, per
 * instance otherwise.
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
  /** The return from Rose Rocket's sign-in (`/oauth/rose-rocket/callback`): each one spends a code upstream. */
  callback: EndpointLimit;
}

export const DEFAULT_OAUTH_LIMITS: OAuthLimits = {
  authorize: { points: 60, seconds: 60 },
  token: { points: 60, seconds: 60 },
  register: { points: 10, seconds: 60 },
  callback: { points: 30, seconds: 60 },
};

/** The peer's address (peer.ts); requests whose runtime does not say share one bucket. */
const peer = (c: Context) => peerAddress(c) ?? 'unknown';

export function oauthRateLimit(name: keyof OAuthLimits, limit: EndpointLimit, logger: Logger, make: LimiterFactory): MiddlewareHandler {
  const limiter = make(`oauth-${name}`, limit.points, limit.seconds);
  return async (c, next) => {
    try {
      await limiter.consume(peer(c));
    } catch (error) {
      // A store that fails (Redis down) lets the request through rather than lock sign-in out.
      if (!(error instanceof RateLimiterRes)) return next();
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
