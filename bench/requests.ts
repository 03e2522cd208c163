import { DEMO_ORG } from '../mock-roserocket/orgs.ts';
import { SEED } from '../mock-roserocket/data/seed/ids.ts';
import type { Answer, RequestSpec } from './load.ts';

/**
 * What each path of the benchmark sends, built once and replayed: the same
 * Rose Rocket operation (GET one order by id) directly, through a bare proxy,
 * and as an MCP `tools/call` in both protocol eras; and `tools/list`.
 */
export const ORDER_ID = SEED.demo.orders.erp992.id;
export const TOOL = 'get_single_roserocket_object_by_id';
const PLATFORM_MODEL = '/api/v2/platformModel';
const MODERN = '2026-07-28';
const LEGACY = '2025-06-18';

export type Era = 'legacy' | 'modern';

/** A service-account token from the mock, as the gateway's upstream client would get one. */
export async function mockAccessToken(mockUrl: string): Promise<string> {
  const response = await fetch(`${mockUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: DEMO_ORG.clientId,
      client_secret: DEMO_ORG.clientSecret,
      audience: 'https://roserocket.com',
      org_id: DEMO_ORG.orgId,
      user_id: DEMO_ORG.userId,
    }),
  });
  if (!response.ok) throw new Error(`mock token endpoint answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Paths (a) and (b): the upstream request the tool makes, sent as the gateway sends it. */
export function directGet(baseUrl: string, accessToken: string): RequestSpec {
  return {
    method: 'GET',
    url: `${baseUrl}${PLATFORM_MODEL}/objects/${ORDER_ID}`,
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'x-org-id': DEMO_ORG.orgId },
  };
}

/** One JSON-RPC request on an MCP server URL, on the wire as each era's client sends it. */
export function mcpRequest(serverUrl: string, era: Era, method: 'tools/call' | 'tools/list', params: Record<string, unknown>): RequestSpec {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  let body: Record<string, unknown>;
  if (era === 'modern') {
    // The 2026-07-28 revision: no handshake; every request carries its protocol version and client in _meta, and its method in headers.
    headers['mcp-protocol-version'] = MODERN;
    headers['mcp-method'] = method;
    if (method === 'tools/call') headers['mcp-name'] = String(params.name);
    const meta = {
      'io.modelcontextprotocol/protocolVersion': MODERN,
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    body = { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } };
  } else {
    // A 2025-era client after its `initialize`: the stateless server needs no session to answer.
    headers['mcp-protocol-version'] = LEGACY;
    body = { jsonrpc: '2.0', id: 1, method, params };
  }
  return { method: 'POST', url: serverUrl, headers, body: JSON.stringify(body) };
}

export const toolCall = (serverUrl: string, era: Era) => mcpRequest(serverUrl, era, 'tools/call', { name: TOOL, arguments: { record_id: ORDER_ID } });
export const toolList = (serverUrl: string, era: Era) => mcpRequest(serverUrl, era, 'tools/list', {});

/** Quick checks for every answer; the first answer of each run also gets `verify*` below. */
export const okStatus = (answer: Answer) => (answer.status === 200 ? null : `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);

export function okToolCall(answer: Answer): string | null {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  if (answer.body.includes('"isError":true') || !answer.body.includes(ORDER_ID)) return `tool error: ${answer.body.slice(0, 300)}`;
  return null;
}

export function okToolList(answer: Answer): string | null {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  return answer.body.includes(`"name":"${TOOL}"`) ? null : `no tool list: ${answer.body.slice(0, 300)}`;
}

/** Full checks of one answer: the benchmark refuses to time anything that is not the real result. */
export function verifyToolCall(answer: Answer): void {
  const message = JSON.parse(answer.body) as { result?: { isError?: boolean; structuredContent?: { id?: string }; content?: unknown[] } };
  if (message.result?.isError || message.result?.structuredContent?.id !== ORDER_ID || !Array.isArray(message.result.content)) {
    throw new Error(`tools/call did not return the order: ${answer.body.slice(0, 500)}`);
  }
}

export function verifyToolList(answer: Answer, expectedTools: number): void {
  const message = JSON.parse(answer.body) as { result?: { tools?: Array<{ name: string }> } };
  const count = message.result?.tools?.length;
  if (count !== expectedTools) throw new Error(`tools/list listed ${count} tools, expected the whole catalogue (${expectedTools})`);
}
