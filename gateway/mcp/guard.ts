import { validateOriginHeader } from '@modelcontextprotocol/server';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * What every request to `/mcp/*` passes before its token is looked at: the
 * Origin check (browsers) and the body limit. One middleware rather than one
 * each: every MCP request runs it. The `Host` was checked before, by the
 * app's rule for every route (gateway/host-check.ts).
 */
export interface GuardOptions {
  /** Hostnames a browser `Origin` may name, besides the localhost ones. */
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
}

export const LOCALHOST = ['localhost', '127.0.0.1', '[::1]'];

/** JSON-RPC error answered at the HTTP layer, before any server exists. */
export function rpcError(c: Context, status: 400 | 403 | 405 | 413 | 415, code: number, message: string) {
  return c.json({ jsonrpc: '2.0', error: { code, message }, id: null }, status);
}

/** Distinct Host and Origin values whose verdicts are remembered; a client sends the same ones on every request. */
const MAX_VERDICTS = 256;

/**
 * A header check as a verdict per distinct value: `null` allowed, else the
 * refusal's message. A value is parsed as a URL once, not on every request.
 * Bounded against a client that varies it.
 */
export function rememberVerdicts(check: (value: string) => { ok: true } | { ok: false; message: string }): (value: string) => string | null {
  const verdicts = new Map<string, string | null>();
  return (value) => {
    let verdict = verdicts.get(value);
    if (verdict === undefined) {
      const result = check(value);
      verdict = result.ok ? null : result.message;
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdicts.set(value, verdict);
    }
    return verdict;
  };
}

/**
 * - The Origin check: a browser page's `Origin`, when there is one, must
 *   name localhost or a host in `allowedOrigins`.
 * - A POST's body limit. A declared `Content-Length` is checked as a header:
 *   Node's parser never delivers more bytes than it declares, and Hono's
 *   `bodyLimit` would first turn the request into a stream it reads chunk by
 *   chunk, where the body is otherwise read straight from the socket. A
 *   chunked body, with no length to check, is counted as it arrives by Hono's.
 */
export function mcpGuard(options: GuardOptions): MiddlewareHandler {
  const originRefusal = rememberVerdicts((origin) => validateOriginHeader(origin, [...LOCALHOST, ...options.allowedOrigins]));
  const { maxBodyBytes } = options;
  const tooLarge = (c: Context) => rpcError(c, 413, -32600, `Request body exceeds ${maxBodyBytes} bytes`);
  const counted = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

  return async (c, next) => {
    const origin = c.req.header('origin');
    const refused = origin ? originRefusal(origin) : null;
    if (refused !== null) return rpcError(c, 403, -32000, refused);
    if (c.req.method !== 'POST') return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    return Number(declared) > maxBodyBytes ? tooLarge(c) : next();
  };
}

/**
 * The deepest nesting a JSON body may have, admin and MCP alike. A real
 * request nests a handful of levels (a tool's `data` a few more); thousands
 * overflow the stack of whatever walks the value next (zod, the SDK, a
 * serialiser), which made a client's mistake a server error.
 */
export const MAX_JSON_DEPTH = 64;

/** How deep `text` nests, counted over its brackets outside strings; stops counting past `limit`. */
function nesting(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: the next character is escaped
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'invalid' | 'too_deep'; message: string };

/**
 * The one JSON parse of a request body, for the admin API and the MCP
 * endpoint: nesting beyond `MAX_JSON_DEPTH` is refused before parsing (the
 * size is bounded by the body limits before this).
 */
export function parseBoundedJson(text: string): BoundedJson {
  if (nesting(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, reason: 'too_deep', message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: 'invalid', message: `is not valid JSON (${(error as Error).message})` };
  }
}
