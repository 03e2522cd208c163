import { UpstreamAuthError, UpstreamHttpError, UpstreamProtocolError, UpstreamRateLimitError } from './errors.ts';
import { isEmptyRateLimit, normaliseRateLimit, type RateLimit } from './rate-limit.ts';
import { excerpt, MESSAGE_LIMIT } from './redact.ts';
import { absoluteHttpUrl, prepareRequest, resolveApiUrls, toRequest } from './request.ts';
import { createTokenSource, DEFAULT_AUDIENCE, type TokenSource } from './token.ts';
import { DEFAULT_MAX_ANSWER_BYTES, exchange, parseJson } from './transport.ts';
import type { Exchange, Send, UpstreamRequest, UpstreamResponse } from './wire.ts';

/** One Rose Rocket service account. */
export interface RoseRocketAccount {
  /** The platform-model base, `https://network.roserocket.com/api/v2/platformModel` (a bare host gets that path). */
  apiUrl: string;
  /** The auth server, `https://a.roserocket.com`. */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  userId: string;
  /** Defaults to `https://roserocket.com`. */
  audience?: string;
  /**
   * Whether a connection to `address`, resolved from `hostname`, may be made
   * (host-policy.ts). Checked by the node:http sender (node-http.ts), not by an
   * injected `fetch` nor off Node; absent, anywhere (the operator's own configuration).
   */
  allowsAddress?: (hostname: string, address: string) => boolean;
}

/** What a token source other than the account's own is made with: the client's transport and clock. */
export interface TokenSourceContext {
  authUrl: string;
  send: Send;
  now: () => number;
  timeoutMs: number;
}

export interface RoseRocketClientOptions {
  account: RoseRocketAccount;
  /** How a request goes out: node:http on Node, `fetch` elsewhere, the embedded mock's or a test's (runtime/upstream-send.ts). */
  send: Send;
  /** Tokens from elsewhere (a person's own sign-in) instead of the account's client credentials. */
  tokens?: (context: TokenSourceContext) => TokenSource;
  /** Per attempt, token requests included; default 15 s. */
  timeoutMs?: number;
  /** Epoch ms; drives token expiry and rate-limit resets. */
  now?: () => number;
  /** The most of an answer's body read, raw or decompressed (`UPSTREAM_MAX_BYTES`); default 8 MiB. */
  maxAnswerBytes?: number;
}

export interface UpstreamResult<T = unknown> extends UpstreamResponse<T> {
  /** `null` for 204 and empty bodies. */
  body: T;
  /** `null` when upstream sent no rate-limit headers. */
  rateLimit: RateLimit | null;
}

export interface RoseRocketClient {
  /** Throws an `UpstreamError` subclass for every failure; never retries except once after a 401. */
  call<T = unknown>(request: UpstreamRequest): Promise<UpstreamResult<T>>;
  /** `GET <api root>/api/v1/me`: proves the credentials work (readiness), and says the account's timezone. */
  checkCredentials(): Promise<UpstreamResult>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

const ACCOUNT_FIELDS = ['clientId', 'clientSecret', 'orgId', 'userId'] as const;

export function createRoseRocketClient(options: RoseRocketClientOptions): RoseRocketClient {
  const { account } = options;
  const urls = resolveApiUrls(account.apiUrl, 'account.apiUrl');
  const authUrl = absoluteHttpUrl(account.authUrl, 'account.authUrl').href;
  for (const field of ACCOUNT_FIELDS) {
    if (typeof account[field] !== 'string' || account[field].trim() === '') {
      throw new TypeError(`account.${field}: must be a non-empty string`);
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs: must be a positive number of milliseconds');
  const send = withAccountBounds(options.send, options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES, account.allowsAddress);
  const now = options.now ?? Date.now;

  const tokens = options.tokens ? options.tokens({ authUrl, send, now, timeoutMs }) : createTokenSource({
    authUrl,
    clientId: account.clientId,
    clientSecret: account.clientSecret,
    orgId: account.orgId,
    userId: account.userId,
    audience: account.audience ?? DEFAULT_AUDIENCE,
    send,
    now,
    timeoutMs,
  });

  async function execute<T>(baseUrl: string, req: UpstreamRequest): Promise<UpstreamResult<T>> {
    const prepared = prepareRequest(baseUrl, req);
    const { operation } = prepared;
    const attempt = (accessToken: string) =>
      exchange(send, toRequest(prepared, { accessToken, orgId: account.orgId }), timeoutMs, operation);

    const token = await tokens.get();
    let answer = await attempt(token);
    if (answer.status === 401) {
      // The token died early (revoked, clock skew): one fresh token, one retry, never more.
      tokens.invalidate(token);
      answer = await attempt(await tokens.get());
      if (answer.status === 401) {
        const said = envelopeMessage(answer.text);
        throw new UpstreamAuthError(
          401,
          `Rose Rocket refused a freshly issued access token for ${operation}${said ? `: ${scrub(flatten(said))}` : ''}`,
        );
      }
    }
    return interpret<T>(answer, operation);
  }

  function interpret<T>(answer: Exchange, operation: string): UpstreamResult<T> {
    const rateLimit = normaliseRateLimit(answer.headers, now());
    if (answer.status >= 400) {
      const said = envelopeMessage(answer.text);
      if (answer.status === 429) throw new UpstreamRateLimitError(rateLimit, operation, said === null ? null : scrub(flatten(said)));
      throw new UpstreamHttpError(answer.status, said === null ? null : scrubMessage(said), excerpt(answer.text, tokens.secrets()), operation);
    }
    let body: unknown = null;
    if (answer.status !== 204 && answer.text.trim() !== '') {
      const json = parseJson(answer.text);
      if (!json.ok) throw new UpstreamProtocolError(answer.status, excerpt(answer.text, tokens.secrets()), operation);
      body = json.value;
    }
    return { status: answer.status, body: body as T, rateLimit: isEmptyRateLimit(rateLimit) ? null : rateLimit };
  }

  // Upstream's own words, credential-free and capped: a message may echo what was sent (a 900 KB external id).
  const scrub = (text: string) => excerpt(text, tokens.secrets(), MESSAGE_LIMIT);
  const scrubMessage = (said: string | string[]) => (typeof said === 'string' ? scrub(said) : capLines(said.map(scrub)));

  return {
    call: (req) => execute(urls.base, req),
    checkCredentials: () => execute(urls.root, { method: 'GET', path: ['api', 'v1', 'me'] }),
  };
}

/**
 * Every request of this client, the token's included, reads at most `limit`
 * bytes of answer, and connects only where the account's `allowsAddress`
 * lets it (when it has one).
 */
function withAccountBounds(send: Send, limit: number, allowsAddress: RoseRocketAccount['allowsAddress']): Send {
  if (!Number.isInteger(limit) || limit <= 0) throw new TypeError('maxAnswerBytes: must be a positive whole number of bytes');
  return (request, onStop) => {
    request.maxAnswerBytes ??= limit;
    if (allowsAddress) request.allowsAddress ??= allowsAddress;
    return send(request, onStop);
  };
}

/** `message` of Rose Rocket's NestJS envelope `{statusCode, message, error}`: a string, or a string[] on validation errors. */
function envelopeMessage(text: string): string | string[] | null {
  const json = parseJson(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return null;
  const message = (json.value as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message;
  return null;
}

/** Validation lines, as many as fit in MESSAGE_LIMIT, and a count of the rest. */
function capLines(lines: string[]): string[] {
  let size = 0;
  const kept = lines.filter((line) => (size += line.length) <= MESSAGE_LIMIT);
  return kept.length === lines.length ? kept : [...kept, `(${lines.length - kept.length} more)`];
}

function flatten(said: string | string[]): string {
  return typeof said === 'string' ? said : said.join('; ');
}
