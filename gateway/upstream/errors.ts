import type { RateLimit } from './rate-limit.ts';

/**
 * One class per way a call to Rose Rocket can fail. `message` is written for
 * the model and is already free of credentials; `toPayload()` is the JSON a
 * tool result carries. Status is the upstream's, or `null` when none came back.
 */
export interface UpstreamErrorPayload {
  status: number | null;
  error: string;
  message: string;
  [detail: string]: unknown;
}

export abstract class UpstreamError extends Error {
  abstract readonly status: number | null;
  abstract toPayload(): UpstreamErrorPayload;
}

/** Rose Rocket answered 4xx/5xx (other than 429, and other than a 401 that a fresh token did not cure). */
export class UpstreamHttpError extends UpstreamError {
  override readonly name = 'UpstreamHttpError';
  constructor(
    readonly status: number,
    /** `message` of the NestJS envelope, when the body had one. */
    readonly upstreamMessage: string | readonly string[] | null,
    readonly excerpt: string,
    operation: string,
  ) {
    const said = upstreamMessage === null ? '' : `: ${typeof upstreamMessage === 'string' ? upstreamMessage : upstreamMessage.join('; ')}`;
    super(`Rose Rocket answered ${status} to ${operation}${said}`);
  }

  toPayload(): UpstreamErrorPayload {
    return withExcerpt({ status: this.status, error: 'upstream_error', message: this.message }, this.excerpt);
  }
}

/** 429. Never retried: the caller decides when to come back. */
export class UpstreamRateLimitError extends UpstreamError {
  override readonly name = 'UpstreamRateLimitError';
  readonly status = 429;
  constructor(
    readonly rateLimit: RateLimit,
    operation: string,
    upstreamMessage?: string | null,
  ) {
    const wait = rateLimit.reset === null ? '' : ` Try again in ${rateLimit.reset} s.`;
    super(`Rose Rocket rate-limited ${operation}${upstreamMessage ? ` (${upstreamMessage})` : ''}.${wait}`);
  }

  toPayload(): UpstreamErrorPayload {
    const { limit, remaining, reset, retryAfter } = this.rateLimit;
    return {
      status: 429,
      error: 'rate_limited',
      message: this.message,
      ratelimit: { limit, remaining, reset },
      retry_after: retryAfter,
    };
  }
}

/** The connection failed: DNS, refused, reset. No status came back. */
export class UpstreamNetworkError extends UpstreamError {
  override readonly name = 'UpstreamNetworkError';
  readonly status = null;

  toPayload(): UpstreamErrorPayload {
    return { status: null, error: 'network_error', message: this.message };
  }
}

/** No complete answer within the per-attempt timeout. */
export class UpstreamTimeoutError extends UpstreamError {
  override readonly name = 'UpstreamTimeoutError';
  readonly status = null;
  constructor(
    readonly timeoutMs: number,
    operation: string,
  ) {
    super(`Rose Rocket did not answer ${operation} within ${timeoutMs} ms`);
  }

  toPayload(): UpstreamErrorPayload {
    return { status: null, error: 'timeout', message: this.message };
  }
}

/**
 * The answer's body passed the gateway's limit (`UPSTREAM_MAX_BYTES`), as sent
 * or once decompressed, and was not read further.
 */
export class UpstreamTooLargeError extends UpstreamError {
  override readonly name = 'UpstreamTooLargeError';
  constructor(
    readonly limit: number,
    readonly status: number,
    operation: string,
  ) {
    super(
      `Rose Rocket's answer to ${operation} is larger than the gateway reads (${limit} bytes), so it was dropped. ` +
        'Ask for less: a smaller limit, a fields projection, fewer linked paths or a narrower query.',
    );
  }

  toPayload(): UpstreamErrorPayload {
    return { status: this.status, error: 'response_too_large', message: this.message, limit_bytes: this.limit };
  }
}

/** A non-error status whose body is not the JSON Rose Rocket always sends. */
export class UpstreamProtocolError extends UpstreamError {
  override readonly name = 'UpstreamProtocolError';
  constructor(
    readonly status: number,
    readonly excerpt: string,
    operation: string,
  ) {
    super(`Rose Rocket answered ${status} to ${operation} with a body that is not JSON`);
  }

  toPayload(): UpstreamErrorPayload {
    return withExcerpt({ status: this.status, error: 'invalid_response', message: this.message }, this.excerpt);
  }
}

/** The auth server refused the credentials, or the API refused a freshly issued token. */
export class UpstreamAuthError extends UpstreamError {
  override readonly name = 'UpstreamAuthError';
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }

  toPayload(): UpstreamErrorPayload {
    return { status: this.status, error: 'auth_failed', message: this.message };
  }
}

/**
 * The request cannot be sent as asked (a `..` path segment, a GET with a
 * body). Caught before anything goes upstream.
 */
export class UpstreamRequestError extends UpstreamError {
  override readonly name = 'UpstreamRequestError';
  readonly status = null;

  toPayload(): UpstreamErrorPayload {
    return { status: null, error: 'invalid_request', message: this.message };
  }
}

function withExcerpt(payload: UpstreamErrorPayload, excerpt: string): UpstreamErrorPayload {
  return excerpt ? { ...payload, excerpt } : payload;
}
