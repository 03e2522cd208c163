import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  classifyInboundRequest,
  PROTOCOL_VERSION_META_KEY,
  ProtocolErrorCode,
  SERVER_INFO_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
  type Tool,
} from '@modelcontextprotocol/server';
import { isPlainObject } from '../../tools/define.ts';
import { rateLimitHeaders } from '../upstream/rate-limit.ts';
import { resultJson } from './call-tool.ts';
import { SERVER_INFO, sessionTools, type McpServerDeps, type McpSession, type SessionTools } from './server.ts';

/**
 * `tools/call` and `tools/list`, the two requests an agent makes all day,
 * answered without the SDK's per-request server.
 *
 * Why: under load (`npm run bench`, concurrency 32) the SDK's per-request
 * server and transport cost ~500-600 µs of CPU per tools/call, more than all
 * the rest of the gateway's work for it, the upstream call included: a
 * Protocol instance with its maps and promise chains, each message parsed
 * against unions of every message type, the result validated and copied.
 * The endpoint is stateless, so for these two methods that server holds
 * nothing between the request and its answer.
 *
 * What keeps it the SDK's answer: a request is answered here only when it
 * has the plain shape clients send, by rules narrower than the SDK's own
 * (`plainToolRequest` below, each rule one the SDK also applies). Anything
 * else (other methods, batches, notifications, a tool this server does not
 * have, an unusual header, envelope or parameter) goes to the SDK, which
 * answers it and owns its errors. The answers are the SDK's, field for field:
 * test/e2e/direct-dispatch.test.ts sends each request through both and
 * compares them. The work behind the answer is the same either way: both run
 * `sessionTools`, with its filters, argument validation, logs and metrics.
 */

/** The stateless revision; its requests carry their protocol version in `_meta`. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';
const LEGACY_PROTOCOL_VERSIONS: ReadonlySet<string> = new Set(SUPPORTED_PROTOCOL_VERSIONS);

type Era = 'legacy' | 'modern';
/** A request header by its lower-case name. */
export type Header = (name: string) => string | undefined;

export interface PlainToolRequest {
  era: Era;
  id: string | number;
  method: 'tools/call' | 'tools/list';
  /** tools/call: the tool and its arguments. */
  name?: string;
  arguments?: unknown;
}

const REQUEST_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);
const CALL_PARAMS = new Set(['name', 'arguments', '_meta']);
const LIST_PARAMS = new Set(['_meta']);
const MODERN_META = new Set([PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY]);

const onlyKeys = (value: Record<string, unknown>, allowed: ReadonlySet<string>) => Object.keys(value).every((key) => allowed.has(key));
const isRequestId = (id: unknown): id is string | number => typeof id === 'string' || Number.isSafeInteger(id);

const PROGRESS_ONLY = new Set(['progressToken']);

/** A 2025-era progress token is all the `_meta` taken here; a request with more goes to the SDK. */
function plainLegacyMeta(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (!isPlainObject(meta) || !onlyKeys(meta, PROGRESS_ONLY)) return false;
  return meta.progressToken === undefined || isRequestId(meta.progressToken);
}

/**
 * Whether the SDK's classifier takes this envelope (its client info and
 * capabilities, checked against the revision's wire schema) as valid. A
 * client sends the same envelope on every request, so each distinct one is
 * classified once; the memo is bounded against a client that varies it.
 */
const envelopeVerdicts = new Map<string, boolean>();
const MAX_ENVELOPES = 256;

function validEnvelope(meta: Record<string, unknown>, method: string): boolean {
  // An absent member stays absent in the key, and apart from a null one.
  const key = JSON.stringify({ info: meta[CLIENT_INFO_META_KEY], capabilities: meta[CLIENT_CAPABILITIES_META_KEY] });
  let valid = envelopeVerdicts.get(key);
  if (valid === undefined) {
    const outcome = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: MODERN_PROTOCOL_VERSION,
      mcpMethodHeader: method,
      body: { jsonrpc: '2.0', id: 0, method, params: { _meta: meta } },
    });
    valid = outcome.kind === 'modern';
    if (envelopeVerdicts.size >= MAX_ENVELOPES) envelopeVerdicts.clear();
    envelopeVerdicts.set(key, valid);
  }
  return valid;
}

/**
 * The request, when it is a single tools/call or tools/list in the shape
 * clients send it; otherwise null. Every rule is one the SDK applies too:
 * both media types accepted; a JSON-RPC request with a string or integer id
 * and no other members; only the method's own parameters; for the 2025 era,
 * a supported protocol-version header and no session (this endpoint is
 * stateless); for the 2026-07-28 era, the envelope claim, a valid envelope,
 * and `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers that
 * agree with the body.
 */
export function plainToolRequest(header: Header, body: unknown): PlainToolRequest | null {
  if (!isPlainObject(body) || body.jsonrpc !== '2.0' || !onlyKeys(body, REQUEST_KEYS) || !isRequestId(body.id)) return null;
  const { id, method } = body;
  if (method !== 'tools/call' && method !== 'tools/list') return null;
  const accept = header('accept');
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream') || header('mcp-session-id') !== undefined) return null;

  const params = body.params ?? {};
  if (!isPlainObject(params)) return null;
  if (method === 'tools/call') {
    if (!onlyKeys(params, CALL_PARAMS) || typeof params.name !== 'string') return null;
    if (params.arguments !== undefined && !isPlainObject(params.arguments)) return null;
  } else if (!onlyKeys(params, LIST_PARAMS)) return null;
  const name = method === 'tools/call' ? (params.name as string) : undefined;

  const version = header('mcp-protocol-version');
  const meta = params._meta;
  const claim = isPlainObject(meta) ? meta[PROTOCOL_VERSION_META_KEY] : undefined;
  let era: Era;
  if (claim === undefined) {
    if (version === undefined || !LEGACY_PROTOCOL_VERSIONS.has(version) || !plainLegacyMeta(meta)) return null;
    era = 'legacy';
  } else {
    if (claim !== MODERN_PROTOCOL_VERSION || version !== MODERN_PROTOCOL_VERSION || !onlyKeys(meta as Record<string, unknown>, MODERN_META)) return null;
    if (header('mcp-method') !== method || header('mcp-name') !== name) return null;
    if (!validEnvelope(meta as Record<string, unknown>, method)) return null;
    era = 'modern';
  }
  return { era, id: id as string | number, method, name, arguments: params.arguments };
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

function listResponse(era: Era, id: string | number, tools: Tool[]): string {
  let json = listingJson.get(tools);
  if (json === undefined) listingJson.set(tools, (json = JSON.stringify(tools)));
  return envelope(id, `{"tools":${json}${era === 'modern' ? MODERN_LIST_STAMPS : ''}}`);
}

/** A JSON-RPC response around a result already in JSON, members in the order the SDK writes them. */
const envelope = (id: string | number, resultJson: string) => `{"result":${resultJson},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`;

/** A thrown error as the SDK's protocol layer answers it: its own integer code when it has one, else internal error. */
function errorMember(error: unknown) {
  const { code, message, data } = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  return {
    code: Number.isSafeInteger(code) ? (code as number) : ProtocolErrorCode.InternalError,
    message: message ?? 'Internal error',
    ...(data !== undefined && { data }),
  };
}

/** A direct answer, as plain data: the Hono route makes a `Response` of it, the Node lane writes it as is. */
export interface DirectAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The rate-limit headers go on from the start. */
function jsonAnswer(body: string, session: McpSession): DirectAnswer {
  const headers = rateLimitHeaders(session.rateLimit);
  headers['content-type'] = 'application/json';
  return { status: 200, headers, body };
}

/**
 * The answer to a plain tools/call or tools/list (`plainToolRequest`) of this
 * session, with the upstream rate-limit headers; or null for the SDK to
 * answer: a tool this server does not have (that error is the SDK's).
 */
export function answerPlain(request: PlainToolRequest, session: McpSession, deps: McpServerDeps): Promise<DirectAnswer> | null {
  if (request.name !== undefined && !session.catalogue.byName.has(request.name)) return null;
  return respond(request, session, sessionTools(session, deps));
}

async function respond(request: PlainToolRequest, session: McpSession, tools: SessionTools): Promise<DirectAnswer> {
  const { era, id } = request;
  let body: string;
  try {
    if (request.method === 'tools/list') body = listResponse(era, id, (await tools.list()).tools);
    else body = envelope(id, resultJson(await tools.call(request.name!, request.arguments), era === 'modern' ? MODERN_CALL_STAMPS : ''));
  } catch (error) {
    body = JSON.stringify({ jsonrpc: '2.0', id, error: errorMember(error) });
  }
  return jsonAnswer(body, session);
}
