import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { parseBoundedJson } from './mcp/guard.ts';

/**
 * The one error envelope of every HTTP route: `{statusCode, error, message}`.
 *
 * `HttpError` extends Hono's `HTTPException` and overrides `getResponse`, so
 * even an app that forgets to mount `onError` answers with the envelope.
 */

export interface ErrorEnvelope {
  statusCode: number;
  error: string;
  message: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export class HttpError extends HTTPException {
  override readonly name = 'HttpError';
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, message: string, headers: Record<string, string> = {}) {
    super(status, { message });
    this.headers = headers;
  }

  get envelope(): ErrorEnvelope {
    return { statusCode: this.status, error: reasonPhrase(this.status), message: this.message };
  }

  override getResponse(): Response {
    return Response.json(this.envelope, { status: this.status, headers: this.headers });
  }
}

/**
 * The client closed the connection before its body was complete. Its own
 * doing, not the gateway's: answered 400 (which it will not read) and logged
 * as an abort, never as a server error.
 */
export class ClientAbortError extends HttpError {
  constructor() {
    super(400, 'body: the client closed the connection before the body was complete');
  }
}

/** A 401 that says how to authenticate; `invalid` marks a credential that was given but refused (RFC 6750). */
export function unauthorized(message: string, realm: string, invalid: boolean): HttpError {
  const challenge = invalid ? `Bearer realm="${realm}", error="invalid_token"` : `Bearer realm="${realm}"`;
  return new HttpError(401, message, { 'WWW-Authenticate': challenge });
}

/**
 * A path segment that may be a credential: what follows `/mcp/` in any
 * letter case, a segment with a token's prefix, or one as long as a token
 * (record ids are 22 characters; tokens 40 and more).
 */
const MCP_SEGMENT = /\/mcp\/[^/?#]+/gi;
const TOKEN_LIKE = /\/(?:rr(?:mcp|api)_[^/?#]*|[A-Za-z0-9_-]{32,})(?=[/?#]|$)/gi;

/**
 * Whether a value holds something of a token's shape, by the rule `redactPath`
 * applies to a path segment, anywhere in it: a pasted `Bearer rrmcp_…`, or a
 * whole MCP URL percent-encoded into one segment, holds the token too.
 */
export function tokenShaped(value: string): boolean {
  return /rr(?:mcp|api)_/i.test(value) || /[A-Za-z0-9_-]{32,}/.test(value);
}

/** Keeps capability tokens out of anything echoed or logged, however the path is cased. */
export function redactPath(path: string): string {
  return path.replace(MCP_SEGMENT, '/mcp/<redacted>').replace(TOKEN_LIKE, '/<redacted>');
}

export type PathRedactor = (path: string) => string;

/**
 * `redactPath`, and also the operator's own secrets wherever they appear in
 * the path, as written or percent-encoded, in any case: an `ADMIN_API_KEY`
 * is chosen freely (16 characters and up), so it need not have a token's shape.
 */
export function pathRedactor(secrets: readonly (string | null | undefined)[]): PathRedactor {
  const forms = [...new Set(secrets.filter((secret): secret is string => !!secret).flatMap((secret) => [secret, encodeURIComponent(secret)]))];
  if (forms.length === 0) return redactPath;
  const escaped = forms.sort((a, b) => b.length - a.length).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const known = new RegExp(escaped.join('|'), 'gi');
  return (path) => redactPath(path.replace(known, '<redacted>'));
}

export type UnexpectedErrorReporter = (error: unknown, context: { method: string; path: string }) => void;
export type ClientAbortReporter = (context: { method: string; path: string }) => void;

const reportToStderr: UnexpectedErrorReporter = (error, context) => {
  const detail = error instanceof Error ? { error: error.name, message: error.message, stack: error.stack } : { error: String(error) };
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', ...context, ...detail }));
};

/** What a bug is answered with: nothing of the error itself, which may hold upstream details. */
export const INTERNAL_ERROR: ErrorEnvelope = { statusCode: 500, error: reasonPhrase(500), message: 'internal error' };

/**
 * Builds the app's `onError`: known HTTP failures become their envelope, and
 * anything else is a bug: reported (never echoed: it may hold upstream
 * details) and answered with a bare 500.
 */
export function createOnError(
  report: UnexpectedErrorReporter = reportToStderr,
  aborted: ClientAbortReporter = () => {},
  redact: PathRedactor = redactPath,
): ErrorHandler {
  return (error, c) => {
    if (error instanceof ClientAbortError) aborted({ method: c.req.method, path: redact(c.req.path) });
    if (error instanceof HttpError) {
      // newResponse keeps headers middleware already set on the context (CORS, rate limits).
      const response = error.getResponse();
      return c.newResponse(response.body, response);
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const message = error.message || reasonPhrase(status);
      return c.json({ statusCode: status, error: reasonPhrase(status), message } satisfies ErrorEnvelope, status);
    }
    report(error, { method: c.req.method, path: redact(c.req.path) });
    return c.json(INTERNAL_ERROR, 500);
  };
}

export const createNotFound =
  (redact: PathRedactor = redactPath): NotFoundHandler =>
  (c) =>
    c.json({ statusCode: 404, error: reasonPhrase(404), message: `no route for ${c.req.method} ${redact(c.req.path)}` } satisfies ErrorEnvelope, 404);

/** Forms are what the gateway's own pages post (the dashboard, the OAuth consent page): a few fields. */
const FORM_LIMIT = 32 * 1024;

/**
 * Before a handler that reads a form: the body is capped and parsed here,
 * once, so one that is not the form its content type announces (a multipart
 * type over JSON, a broken boundary) is the client's 400 rather than a
 * TypeError in the handler, answered 500. The handler's own
 * `c.req.parseBody()` gets Hono's cached parse.
 */
export function formBody(): [MiddlewareHandler, MiddlewareHandler] {
  const capped = bodyLimit({ maxSize: FORM_LIMIT, onError: () => { throw new HttpError(413, `form: larger than ${FORM_LIMIT} bytes`); } });
  const parsed: MiddlewareHandler = async (c, next) => {
    try {
      await c.req.parseBody();
    } catch {
      throw new HttpError(400, 'body: is not the form its content-type announces');
    }
    await next();
  };
  return [capped, parsed];
}

/** Admin bodies are small JSON documents; anything bigger is a mistake or an attack. */
export const ADMIN_BODY_LIMIT = 64 * 1024;

async function readCapped(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    // A read fails only when the connection went away mid-body (node: "aborted").
    const { done, value } = await reader.read().catch(() => {
      throw new ClientAbortError();
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new HttpError(413, `body: larger than the ${limit} byte limit`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a JSON request body: 415 unless the content type is JSON, 413 past
 * `limit` bytes (checked against `Content-Length` first and while streaming,
 * since the header may be absent or wrong), 400 if it does not parse.
 */
export async function readJsonBody(c: Context, limit = ADMIN_BODY_LIMIT): Promise<unknown> {
  const contentType = c.req.header('content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(mediaType)) {
    throw new HttpError(415, `content-type: expected application/json, got ${contentType ? JSON.stringify(contentType) : 'none'}`);
  }
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, `body: ${declared} bytes is larger than the ${limit} byte limit`);
  }
  const raw = c.req.raw.body ? await readCapped(c.req.raw.body, limit) : new Uint8Array();
  const text = new TextDecoder().decode(raw);
  if (!text.trim()) throw new HttpError(400, 'body: is empty; expected a JSON object');
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) throw new HttpError(400, `body: ${parsed.message}`);
  return parsed.value;
}
