import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * The two kinds of client the gateway must serve, behind one small face so a
 * test can run unchanged with each (`describe.each(ERAS)`):
 *
 * - `2026-07-28`: `@modelcontextprotocol/client` (SDK v2) negotiating with
 *   `server/discover`, as current Claude clients do;
 * - `2025`: the `@modelcontextprotocol/sdk` (v1) client and its `initialize`
 *   handshake, as Claude Desktop, the Inspector and mcp-remote speak it.
 *
 * Each records the HTTP responses its transport saw, so a test can check the
 * headers of the very response that carried a tool result.
 */

export const MODERN_PROTOCOL_VERSION = '2026-07-28';
export const ERAS = ['2026-07-28', '2025'] as const;
export type Era = (typeof ERAS)[number];

/** A tool as `tools/list` shows it; the two SDKs' types differ only in optional extras. */
export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { type: 'object'; properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ToolResult {
  content: Array<{ type: string; text?: string; [key: string]: unknown }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

export interface SeenResponse {
  status: number;
  headers: Headers;
}

export interface McpTestClient {
  era: Era;
  /** The protocol version the connection settled on. */
  protocolVersion: string | undefined;
  /** The server's instructions, as the client hands them to a model. */
  instructions: string | undefined;
  /** Every page of `tools/list`. */
  listTools(): Promise<ListedTool[]>;
  callTool(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  /** The HTTP responses seen so far, in order. */
  responses: readonly SeenResponse[];
  close(): Promise<void>;
}

/** A request as the client sent it: its headers and its parsed JSON body (null without one). */
export interface SentRequest {
  headers: Headers;
  body: unknown;
}

function recordingFetch(seen: SeenResponse[], sent?: SentRequest[]) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (sent) {
      const request = new Request(input, init);
      const text = await request.clone().text();
      sent.push({ headers: request.headers, body: text ? (JSON.parse(text) as unknown) : null });
    }
    const response = await fetch(input, init);
    seen.push({ status: response.status, headers: response.headers });
    return response;
  };
}

/** Follows `nextCursor` to the end: a gateway that paged its list must still show every tool. */
async function everyPage(list: (cursor: string | undefined) => Promise<{ tools: unknown[]; nextCursor?: string | undefined }>): Promise<ListedTool[]> {
  const tools: ListedTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    tools.push(...(page.tools as ListedTool[]));
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

export interface ConnectOptions {
  /** Extra request headers (an `Authorization` for servers that require an API token). */
  headers?: Record<string, string>;
  /** Filled with every request the client sends, when given. */
  sent?: SentRequest[];
}

export async function connectModern(url: string, options: ConnectOptions = {}): Promise<McpTestClient> {
  const responses: SeenResponse[] = [];
  const client = new ModernClient({ name: 'e2e-modern', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  const transport = new ModernTransport(new URL(url), { fetch: recordingFetch(responses, options.sent), requestInit: { headers: options.headers ?? {} } });
  await client.connect(transport);
  // `auto` falls back to the 2025 handshake silently; a test meant for this era must not run on the other.
  const negotiated = client.getNegotiatedProtocolVersion();
  if (negotiated !== MODERN_PROTOCOL_VERSION) {
    await client.close();
    throw new Error(`expected the gateway to negotiate ${MODERN_PROTOCOL_VERSION}, got ${negotiated}`);
  }
  return {
    era: '2026-07-28',
    protocolVersion: negotiated,
    instructions: client.getInstructions(),
    responses,
    listTools: () => everyPage((cursor) => client.listTools(cursor === undefined ? {} : { cursor })),
    callTool: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
    close: () => client.close(),
  };
}

export async function connectLegacy(url: string, options: ConnectOptions = {}): Promise<McpTestClient> {
  const responses: SeenResponse[] = [];
  const client = new LegacyClient({ name: 'e2e-legacy', version: '1.0.0' });
  const transport = new LegacyTransport(new URL(url), { fetch: recordingFetch(responses, options.sent), requestInit: { headers: options.headers ?? {} } });
  await client.connect(transport);
  return {
    era: '2025',
    protocolVersion: transport.protocolVersion,
    instructions: client.getInstructions(),
    responses,
    listTools: () => everyPage((cursor) => client.listTools(cursor === undefined ? {} : { cursor })),
    callTool: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
    close: () => client.close(),
  };
}

export function connect(era: Era, url: string, options?: ConnectOptions): Promise<McpTestClient> {
  return era === '2025' ? connectLegacy(url, options) : connectModern(url, options);
}
