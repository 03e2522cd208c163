import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGateway } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { take } from '../../gateway/mcp/fast/index.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { silentLogger } from '../../gateway/log.ts';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { defineTool } from '../../tools/define.ts';
import { TOOLS } from '../../tools/index.ts';
import { recordsOnMock, startE2eEnvironment } from '../support/e2e-environment.ts';
import { listen, type Listening } from '../support/listen.ts';
import { connect, ERAS, MODERN_PROTOCOL_VERSION, type SentRequest } from '../support/mcp-clients.ts';

/**
 * Plain tools/call and tools/list requests are answered without the SDK's
 * per-request server (gateway/mcp/fast/). Here every request goes to two
 * gateways over the same records and the same mock Rose Rocket, one with the
 * direct path and one without, and their answers must be the same: status,
 * media type, rate-limit headers and the JSON-RPC message. Each case also
 * says whether the direct path takes it, so a rule that lets through a
 * request the SDK would refuse, or one that no longer takes the plain
 * shape, fails here.
 */

const ORDER_ID = SEED.demo.orders.erp992.id;
const LEGACY_VERSION = '2025-06-18';

const broken = defineTool({
  name: 'broken_tool_for_tests',
  title: 'Broken',
  description: 'Throws: a bug, which both paths answer as an internal error.',
  method: 'get',
  tags: ['objects'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  example: {},
  input: z.object({}),
  run: async () => {
    throw new Error('this tool is broken on purpose');
  },
});

/** A bug that carries a JSON-RPC code and data of its own, which both paths pass on. */
const coded = defineTool({
  ...broken,
  name: 'coded_error_tool_for_tests',
  run: async () => {
    throw Object.assign(new Error('refused with a code of its own'), { code: -32001, data: { reason: 'test' } });
  },
});

let mockServer: Listening;
let direct: (request: Request) => Promise<Response>;
let viaSdk: (request: Request) => Promise<Response>;
let url: string;
let eventsUrl: string;

beforeAll(async () => {
  const mock = createMockRoseRocket({ log: () => {} });
  mockServer = await listen((request) => mock.fetch(request));
  const records = await recordsOnMock(mockServer.url);
  const server = (tags: string[]) =>
    records.mcpServers.create(DEFAULT_ACCOUNT_ID, { name: tags.join() || 'all', config: { methods: [], tags, require_api_token_auth: false }, expires_at: null });
  const publicUrl = 'http://127.0.0.1:3000';
  url = `${publicUrl}/mcp/${(await server([])).token}`;
  eventsUrl = `${publicUrl}/mcp/${(await server(['events'])).token}`;
  const gateway = (fastPath: boolean) => {
    const config = loadConfig({ PUBLIC_URL: publicUrl, MCP_FAST_PATH: fastPath ? 'on' : 'off' });
    const app = createGateway({ config, records, logger: silentLogger, tools: [...TOOLS, broken, coded] });
    return async (request: Request) => app.fetch(request);
  };
  direct = gateway(true);
  viaSdk = gateway(false);
});

afterAll(async () => {
  await mockServer.close();
});

type Headers = Record<string, string>;

const ACCEPT = 'application/json, text/event-stream';

function legacy(method: string, params: unknown, headers: Headers = {}, id: unknown = 1) {
  return { headers: { 'mcp-protocol-version': LEGACY_VERSION, ...headers }, body: { jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) } };
}

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN_PROTOCOL_VERSION,
  'io.modelcontextprotocol/clientInfo': { name: 'differential', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

function modern(method: string, params: Record<string, unknown>, headers: Headers = {}, meta: Record<string, unknown> = ENVELOPE) {
  const name = typeof params.name === 'string' ? { 'mcp-name': params.name } : {};
  return {
    headers: { 'mcp-protocol-version': MODERN_PROTOCOL_VERSION, 'mcp-method': method, ...name, ...headers },
    body: { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } },
  };
}

interface Case {
  headers: Headers;
  body: unknown;
}

async function answer(gateway: (request: Request) => Promise<Response>, target: string, { headers, body }: Case) {
  const response = await gateway(
    new Request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    rateLimit: ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => response.headers.has(name)),
    message: text ? (JSON.parse(text) as unknown) : null,
  };
}

const takenDirectly = ({ headers, body }: Case) => take((name) => ({ accept: ACCEPT, ...headers })[name], body) !== null;

async function expectSameAnswer(request: Case, target = url) {
  const [a, b] = await Promise.all([answer(direct, target, request), answer(viaSdk, target, request)]);
  expect(a).toEqual(b);
  return a;
}

const { 'io.modelcontextprotocol/clientInfo': _clientInfo, ...withoutClientInfo } = ENVELOPE;
const { 'io.modelcontextprotocol/clientCapabilities': _capabilities, ...withoutCapabilities } = ENVELOPE;

const getOrder = { name: 'get_single_roserocket_object_by_id', arguments: { record_id: ORDER_ID } };

describe('the direct path answers plain tool requests as the SDK does', () => {
  const plain: Array<[string, Case]> = [
    ['2025: tools/list', legacy('tools/list', undefined)],
    ['2025: tools/list with empty params', legacy('tools/list', {})],
    ['2025: tools/call', legacy('tools/call', getOrder)],
    ['2025: tools/call with a string id', legacy('tools/call', getOrder, {}, 'call-7')],
    ['2025: tools/call with a progress token', legacy('tools/call', { ...getOrder, _meta: { progressToken: 'p1' } })],
    ['2025: tools/call with invalid arguments', legacy('tools/call', { name: getOrder.name, arguments: { record_id: 42 } })],
    ['2025: tools/call whose record upstream does not have', legacy('tools/call', { name: getOrder.name, arguments: { record_id: 'no-such-record' } })],
    ['2025: tools/call without arguments', legacy('tools/call', { name: 'list_all_roserocket_boards' })],
    ['2025: tools/call of a tool that throws', legacy('tools/call', { name: broken.name, arguments: {} })],
    ['2026: tools/list', modern('tools/list', {})],
    ['2026: tools/call', modern('tools/call', getOrder)],
    ['2026: tools/call with invalid arguments', modern('tools/call', { name: getOrder.name, arguments: { record_id: 42 } })],
    ['2026: tools/call whose record upstream does not have', modern('tools/call', { name: getOrder.name, arguments: { record_id: 'no-such-record' } })],
    ['2026: tools/call of a tool that throws', modern('tools/call', { name: broken.name, arguments: {} })],
    ['2025: tools/call of a tool that throws an error with a code', legacy('tools/call', { name: coded.name, arguments: {} })],
    ['2026: tools/call of a tool that throws an error with a code', modern('tools/call', { name: coded.name, arguments: {} })],
    ['2026: tools/list without client info, which the envelope may leave out', modern('tools/list', {}, {}, withoutClientInfo)],
  ];

  it.each(plain)('%s', async (_, request) => {
    expect(takenDirectly(request)).toBe(true);
    const seen = await expectSameAnswer(request);
    expect(seen.status).toBe(200);
    expect(seen.message).toMatchObject({ jsonrpc: '2.0', id: (request.body as { id: unknown }).id });
  });

  it.each([
    ['2025', legacy('tools/list', undefined)],
    ['2026', modern('tools/list', {})],
  ])('%s: a tools/list on a tag-limited server lists only its tools', async (_, request) => {
    const seen = await expectSameAnswer(request, eventsUrl);
    const names = (seen.message as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name);
    expect(names).toEqual(['list_all_roserocket_events', 'create_a_roserocket_event']);
  });

  it('a tools/call of a tool outside the server\'s filter is the SDK\'s to refuse, saying why, on either path', async () => {
    for (const request of [legacy('tools/call', getOrder), modern('tools/call', getOrder)]) {
      const seen = await expectSameAnswer(request, eventsUrl);
      expect(seen.message).toMatchObject({ result: { isError: true, structuredContent: { error: 'not_allowed', message: expect.stringContaining(`does not allow ${getOrder.name}`) } } });
    }
  });
});

describe('anything else goes to the SDK, which owns the answer', () => {
  const others: Array<[string, Case]> = [
    ['another method', legacy('ping', undefined)],
    ['a batch', { headers: { 'mcp-protocol-version': LEGACY_VERSION }, body: [legacy('tools/list', undefined).body] }],
    ['a notification', { headers: { 'mcp-protocol-version': LEGACY_VERSION }, body: { jsonrpc: '2.0', method: 'notifications/initialized' } }],
    ['a member JSON-RPC does not define', { headers: { 'mcp-protocol-version': LEGACY_VERSION }, body: { ...legacy('tools/list', undefined).body, extra: true } }],
    ['a fractional id', legacy('tools/list', undefined, {}, 1.5)],
    ['a null id', legacy('tools/list', undefined, {}, null)],
    ['an Accept without text/event-stream', legacy('tools/list', undefined, { accept: 'application/json' })],
    ['a 2025 request without MCP-Protocol-Version', { headers: {}, body: legacy('tools/list', undefined).body }],
    ['a 2025 request naming an unsupported version', legacy('tools/list', undefined, { 'mcp-protocol-version': '1999-01-01' })],
    ['a session id on a stateless endpoint', legacy('tools/list', undefined, { 'mcp-session-id': 'abc' })],
    ['arguments that are not an object', legacy('tools/call', { name: getOrder.name, arguments: 'record_id=1' })],
    ['a tool name that is not a string', legacy('tools/call', { name: 7 })],
    ['a parameter tools/call does not have', legacy('tools/call', { ...getOrder, cursor: 'x' })],
    ['2025 _meta with more than a progress token', legacy('tools/call', { ...getOrder, _meta: { progressToken: 'p', other: 1 } })],
    ['2026 with an Mcp-Name that is not the tool', modern('tools/call', getOrder, { 'mcp-name': 'another_tool' })],
    ['2026 with an Mcp-Method that is not the method', modern('tools/list', {}, { 'mcp-method': 'tools/call' })],
    ['2026 without Mcp-Method', modern('tools/list', {}, { 'mcp-method': '' })],
    ['2026 with a 2025 MCP-Protocol-Version header', modern('tools/list', {}, { 'mcp-protocol-version': LEGACY_VERSION })],
    ['2026 claiming an unknown revision', modern('tools/list', {}, {}, { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' })],
    ['2026 without client capabilities', modern('tools/list', {}, {}, withoutCapabilities)],
    ['2026 with null client info', modern('tools/list', {}, {}, { ...ENVELOPE, 'io.modelcontextprotocol/clientInfo': null })],
    ['2026 with client info of the wrong shape', modern('tools/list', {}, {}, { ...ENVELOPE, 'io.modelcontextprotocol/clientInfo': { name: 5 } })],
    ['2026 with an envelope key the direct path does not take', modern('tools/list', {}, {}, { ...ENVELOPE, 'io.modelcontextprotocol/logLevel': 'debug' })],
  ];

  it.each(others)('%s', async (_, request) => {
    // An empty header means the header is absent.
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([, v]) => v !== ''));
    const sent = { ...request, headers };
    expect(takenDirectly(sent)).toBe(false);
    await expectSameAnswer(sent);
  });
});

describe('the requests real clients send take the direct path', () => {
  // Were a client's shape to drift (a new _meta key, another header), the SDK would still answer
  // it correctly, only slowly: nothing else would notice.
  it.each(ERAS)('%s', async (era) => {
    const env = await startE2eEnvironment();
    try {
      const { url: serverUrl } = await env.createMcpServer(`real ${era} client`);
      const sent: SentRequest[] = [];
      const client = await connect(era, serverUrl, { sent });
      try {
        await client.listTools();
        await client.callTool(getOrder.name, getOrder.arguments);
      } finally {
        await client.close();
      }
      const toolRequests = sent.filter(({ body }) => ['tools/list', 'tools/call'].includes((body as { method?: string } | null)?.method ?? ''));
      expect(toolRequests.map(({ body }) => (body as { method: string }).method)).toEqual(['tools/list', 'tools/call']);
      for (const { headers, body } of toolRequests) expect(take((name) => headers.get(name) ?? undefined, body)).not.toBeNull();
    } finally {
      await env.close();
    }
  });
});
