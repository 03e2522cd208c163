import { ProtocolErrorCode, SERVER_INFO_META_KEY, type CallToolResult, type Tool } from '@modelcontextprotocol/server';
import { rateLimitHeaders, type RateLimit } from '../../upstream/rate-limit.ts';
import { resultJson } from '../call-tool.ts';
import { SERVER_INFO } from '../server.ts';
import type { PlainToolRequest } from './take.ts';

/**
 * The SDK's answer to a plain request, written here: the JSON-RPC envelope,
 * its members in the order the SDK writes them, each era's result stamps,
 * the SDK's error codes and HTTP statuses. `test/e2e/fast-path.test.ts`
 * holds every answer equal to the SDK's, headers included, on generated
 * requests.
 */
export type Outcome =
  | { kind: 'listing'; tools: Tool[] }
  | { kind: 'result'; result: CallToolResult }
  /** What the tool seam threw: a `ProtocolError`, or a bug. */
  | { kind: 'thrown'; error: unknown };

/** An answer as plain data; the endpoint makes a `Response` of it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The 2026-07-28 result stamps: every result names its server; a listing says how long it may be cached. */
const SERVER_INFO_JSON = JSON.stringify({ [SERVER_INFO_META_KEY]: SERVER_INFO });
const MODERN_CALL_STAMPS = `,"resultType":"complete","_meta":${SERVER_INFO_JSON}`;
const MODERN_LIST_STAMPS = `,"resultType":"complete","ttlMs":0,"cacheScope":"private","_meta":${SERVER_INFO_JSON}`;

/**
 * A listing is the same array for as long as the account's object keys stay
 * the same (catalogue.ts), so its JSON is made once per array rather than
 * once per request: for the whole catalogue that is ~40 KB.
 */
const listingJson = new WeakMap<Tool[], string>();

function listingResult(tools: Tool[], stamps: string): string {
  let json = listingJson.get(tools);
  if (json === undefined) listingJson.set(tools, (json = JSON.stringify(tools)));
  return `{"tools":${json}${stamps}}`;
}

/** A JSON-RPC response around a result already in JSON, members in the order the SDK writes them. */
const envelope = (id: string | number, resultJson: string) => `{"result":${resultJson},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`;

/**
 * A thrown error as the SDK's protocol layer answers it: its own integer
 * code when it has one, else internal error. Both eras' codecs then write
 * -32002 (the 2025 revision's "resource not found") as -32602 (the SDK's
 * `encodeErrorCode`).
 */
function errorMember(error: unknown) {
  const { code, message, data } = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const thrown = Number.isSafeInteger(code) ? (code as number) : ProtocolErrorCode.InternalError;
  return {
    code: thrown === -32002 ? ProtocolErrorCode.InvalidParams : thrown,
    message: message ?? 'Internal error',
    ...(data !== undefined && { data }),
  };
}

/**
 * In-band errors are HTTP 200, but for one: in the 2026-07-28 revision a
 * missing required client capability (-32021) is HTTP 400 wherever it comes
 * from (the spec puts the status on the error itself; the SDK's
 * `httpStatusForErrorCode`).
 */
const statusOf = (era: PlainToolRequest['era'], code: number) => (era === 'modern' && code === ProtocolErrorCode.MissingRequiredClientCapability ? 400 : 200);

/** The answer to `request` whose work ended in `outcome`, with the upstream rate-limit headers. */
export function encode(request: PlainToolRequest, outcome: Outcome, rateLimit: RateLimit | null): Answer {
  const { era, id } = request;
  const modern = era === 'modern';
  let status = 200;
  let body: string;
  if (outcome.kind === 'listing') body = envelope(id, listingResult(outcome.tools, modern ? MODERN_LIST_STAMPS : ''));
  else if (outcome.kind === 'result') body = envelope(id, resultJson(outcome.result, modern ? MODERN_CALL_STAMPS : ''));
  else {
    const error = errorMember(outcome.error);
    status = statusOf(era, error.code);
    body = JSON.stringify({ jsonrpc: '2.0', id, error });
  }
  // The rate-limit headers go on from the start: a copy of the headers was measurable on every call.
  const headers = rateLimitHeaders(rateLimit);
  headers['content-type'] = 'application/json';
  return { status, headers, body };
}
