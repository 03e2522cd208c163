import { UpstreamAuthError, UpstreamRateLimitError } from './errors.ts';
import { normaliseRateLimit } from './rate-limit.ts';
import { excerpt } from './redact.ts';
import { exchange, isPlainObject, parseJson } from './transport.ts';
import type { Send } from './wire.ts';

export const DEFAULT_AUDIENCE = 'https://roserocket.com';
const MAX_EXPIRY_MARGIN_MS = 60_000;
const EXPIRY_MARGIN_SHARE = 0.1;

export interface TokenSourceOptions {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  userId: string;
  audience: string;
  send: Send;
  now: () => number;
  timeoutMs: number;
}

export interface TokenSource {
  /** A live access token; concurrent callers share one fetch. */
  get(): Promise<string>;
  /** A 401 said `token` is dead: forget it, unless a newer one already replaced it. */
  invalidate(token: string): void;
  /** Every credential this source holds, for redaction. */
  secrets(): string[];
}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is no longer handed out; Infinity when the auth server gave no lifetime. */
  renewAt: number;
}

/** OAuth against Rose Rocket's Auth0 (`<authUrl>/oauth/token`), as a service account. */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const tokenUrl = `${options.authUrl.replace(/\/+$/, '')}/oauth/token`;
  let cached: CachedToken | undefined;
  let refreshToken: string | undefined;
  let inflight: Promise<string> | undefined;

  const secrets = () => [options.clientSecret, cached?.accessToken, refreshToken].filter((s): s is string => !!s);

  async function request(grant: Record<string, string>): Promise<CachedToken> {
    const startedAt = options.now();
    const operation = `POST ${tokenUrl}`;
    const answer = await exchange(
      options.send,
      {
        method: 'POST',
        url: tokenUrl,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(grant),
      },
      options.timeoutMs,
      operation,
    );
    const json = parseJson(answer.text);
    const body = json.ok && isPlainObject(json.value) ? json.value : {};
    if (answer.status === 429) {
      throw new UpstreamRateLimitError(normaliseRateLimit(answer.headers, options.now()), `the token request (${operation})`);
    }
    if (answer.status < 200 || answer.status > 299) {
      // Auth0 explains itself in `error_description`; anything else gets a scrubbed excerpt.
      const said = text(body.error_description) ?? text(body.message) ?? text(body.error) ?? excerpt(answer.text, secrets());
      throw new UpstreamAuthError(
        answer.status,
        `Rose Rocket's auth server refused the ${grant.grant_type} grant (${answer.status})${said ? `: ${excerpt(said, secrets())}` : ''}`,
      );
    }
    const accessToken = text(body.access_token);
    if (!accessToken) {
      throw new UpstreamAuthError(answer.status, `Rose Rocket's auth server answered ${answer.status} without an access_token`);
    }
    if (text(body.refresh_token)) refreshToken = text(body.refresh_token);
    return { accessToken, renewAt: renewAt(startedAt, body.expires_in) };
  }

  // A refresh token, when the auth server gave one, is tried first; if it was
  // refused (revoked, expired) the client credentials still work.
  async function obtain(): Promise<string> {
    if (refreshToken) {
      try {
        cached = await request({
          grant_type: 'refresh_token',
          client_id: options.clientId,
          client_secret: options.clientSecret,
          refresh_token: refreshToken,
          org_id: options.orgId,
        });
        return cached.accessToken;
      } catch (error) {
        if (!(error instanceof UpstreamAuthError)) throw error;
        refreshToken = undefined;
      }
    }
    cached = await request({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      audience: options.audience,
      org_id: options.orgId,
      user_id: options.userId,
    });
    return cached.accessToken;
  }

  return {
    get() {
      if (cached && options.now() < cached.renewAt) return Promise.resolve(cached.accessToken);
      inflight ??= obtain().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.accessToken === token) cached = undefined;
    },
    secrets,
  };
}

/**
 * Renew a margin before the stated expiry, so a token never dies in flight:
 * 60 s, or 10% of the lifetime for short-lived tokens. Measured from when the
 * request was sent, the earliest the auth server can have started the clock.
 */
function renewAt(startedAt: number, expiresIn: unknown): number {
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  // Without a lifetime the token is kept until a 401 says otherwise.
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return Infinity;
  const lifetimeMs = seconds * 1000;
  return startedAt + lifetimeMs - Math.min(MAX_EXPIRY_MARGIN_MS, lifetimeMs * EXPIRY_MARGIN_SHARE);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
