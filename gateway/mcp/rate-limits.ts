import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import { limiterFactory, type SharedCounter } from '../rate-limiter.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';

/**
 * The gateway's own rate limits, checked at the tool-call seam before a call
 * goes upstream (MCP servers MUST rate-limit tool invocations):
 *
 * - per URL: `config.rate_limit` of the MCP server record, or the operator's
 *   `MCP_RATE_LIMIT`; one URL cannot spend the whole account's quota;
 * - per account: once Rose Rocket has answered 429 with a reset, calls of
 *   that account are answered here until the reset, instead of being sent.
 *
 * Counted by `rate-limiter-flexible`: in Redis when instances share one (so
 * the limits hold across them), in memory otherwise.
 */
export interface RequestRate {
  requests: number;
  per_seconds: number;
}

/** A refusal: the 429 to answer, and whose limit it was. */
export interface Refusal extends RateLimit {
  scope: 'url' | 'account';
}

export interface GatewayRateLimits {
  /** `null`: the call may go on. `rate` is the URL's limit (`null`: none). */
  admit(serverId: string, accountId: string, rate: RequestRate | null): Promise<Refusal | null>;
  /** Upstream answered 429: until its reset, the account's calls are answered locally. */
  upstreamSpent(accountId: string, rateLimit: RateLimit): Promise<void>;
}

/** The longest an account is held back on upstream's word: a reset far off is more likely a misread header than a real wait. */
const MAX_ACCOUNT_HOLD_S = 3600;

/**
 * An account's hold is one rate-limiter-flexible key that lives until
 * upstream's reset; its points carry upstream's stated limit (plus one, so
 * a limit upstream did not state is 1), to answer with "that 429".
 */
const holdPoints = (limit: number | null) => (limit !== null && limit > 0 ? limit + 1 : 1);
const heldLimit = (points: number) => (points > 1 ? points - 1 : null);

export interface RateLimitsOptions {
  /** The Redis store's connection, when instances share one (rate-limiter.ts); absent, each instance counts in memory. */
  redis?: SharedCounter | null;
}

export function gatewayRateLimits(options: RateLimitsOptions = {}): GatewayRateLimits {
  const make = limiterFactory(options.redis);
  // One limiter per distinct rate (URLs mostly share the operator's default).
  const perRate = new Map<string, RateLimiterAbstract>();
  const perUrl = ({ requests, per_seconds }: RequestRate) => {
    const key = `${requests}-${per_seconds}`;
    let limiter = perRate.get(key);
    if (!limiter) perRate.set(key, (limiter = make(`url:${key}`, requests, per_seconds)));
    return limiter;
  };
  const accountHold = make('account', 1, MAX_ACCOUNT_HOLD_S);
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  return {
    async admit(serverId, accountId, rate) {
      // A store that fails (Redis down) lets calls through: upstream still limits them.
      const held = await accountHold.get(accountId).catch(() => null);
      if (held && held.msBeforeNext > 0) {
        const wait = seconds(held.msBeforeNext);
        return { scope: 'account', limit: heldLimit(held.consumedPoints), remaining: 0, reset: wait, retryAfter: wait };
      }
      if (!rate) return null;
      try {
        await perUrl(rate).consume(serverId);
        return null;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) return null;
        const wait = seconds(refusal.msBeforeNext);
        return { scope: 'url', limit: rate.requests, remaining: 0, reset: wait, retryAfter: wait };
      }
    },
    async upstreamSpent(accountId, rateLimit) {
      // A 429 that says when the quota comes back (and does not say some is left) holds the account until then.
      const wait = rateLimit.retryAfter ?? (rateLimit.remaining !== null && rateLimit.remaining > 0 ? null : rateLimit.reset);
      if (wait === null || !(wait > 0)) return;
      await accountHold.set(accountId, holdPoints(rateLimit.limit), Math.min(Math.ceil(wait), MAX_ACCOUNT_HOLD_S)).catch(() => {});
    },
  };
}

/** What a refused call answers: the shape of an upstream 429, naming the gateway as its source. */
export function refusalPayload(refusal: Refusal, rate: RequestRate | null) {
  const message =
    refusal.scope === 'url'
      ? `This MCP server URL is over the gateway's limit for it of ${rate!.requests} calls per ${rate!.per_seconds} s (not Rose Rocket's quota). Try again in ${refusal.retryAfter} s.`
      : `Rose Rocket said this account's quota is spent until its reset; the gateway holds its calls until then rather than send them. Try again in ${refusal.retryAfter} s.`;
  return {
    status: 429,
    error: 'rate_limited',
    source: 'gateway',
    scope: refusal.scope,
    message,
    ratelimit: { limit: refusal.limit, remaining: refusal.remaining, reset: refusal.reset },
    retry_after: refusal.retryAfter,
  };
}

/** `MCP_RATE_LIMIT`: `<requests>/<seconds>` or `off`. */
export function parseRequestRate(value: string): RequestRate | null | Error {
  if (value.trim().toLowerCase() === 'off') return null;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const requests = Number(match?.[1]);
  const per_seconds = Number(match?.[2]);
  if (!match || requests < 1 || requests > 1_000_000 || per_seconds < 1 || per_seconds > 86_400) {
    return new Error(`MCP_RATE_LIMIT must be <requests>/<seconds> (1 to 1000000 calls per 1 to 86400 s, e.g. 300/60) or off, not ${JSON.stringify(value.slice(0, 40))}`);
  }
  return { requests, per_seconds };
}
