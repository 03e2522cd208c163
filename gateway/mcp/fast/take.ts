import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  classifyInboundRequest,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server';
import { isPlainObject } from '../../../tools/define.ts';

/**
 * Which requests the fast path takes (index.ts says why it exists): only
 * those in the plain shape clients send, by rules narrower than the SDK's
 * own, each one the SDK also applies. Anything else goes to the SDK.
 */

/** The stateless revision; its requests carry their protocol version in `_meta`. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';
const LEGACY_PROTOCOL_VERSIONS: ReadonlySet<string> = new Set(SUPPORTED_PROTOCOL_VERSIONS);

export type Era = 'legacy' | 'modern';
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
export function take(header: Header, body: unknown): PlainToolRequest | null {
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

