import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
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
 * fast path and one without (`MCP_FAST_PATH=off`), and their whole answers
 * must be the same: status, every header, and the body byte for byte.
 * Plain requests are generated (ids, `_meta`, headers, arguments, result
 * shapes, thrown error codes) and must all be taken by the fast path; other
 * requests must all be left to the SDK.
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

/** A bug that carries a JSON-RPC code and data of its own, which both paths pass on (some codes the SDK rewrites). */
const coded = defineTool({
  ...broken,
  name: 'coded_error_tool_for_tests',
  example: { code: -32001, message: 'refused', data: null },
  input: z.object({ code: z.number(), message: z.string(), data: z.unknown() }),
  run: async ({ code, message, data }) => {
    throw Object.assign(new Error(message), { code, ...(data !== null && { data }) });
  },
});

/** Answers whatever value it is given, so that results of every shape go through both encoders. */
const echo = defineTool({
  ...broken,
  name: 'echo_tool_for_tests',
  example: { value: null },
  input: z.object({ value: z.unknown() }),
  run: async ({ value }) => value,
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
    const app = createGateway({ config, records, logger: silentLogger, tools: [...TOOLS, broken, coded, echo] });
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
  const name: Headers = typeof params.name === 'string' ? { 'mcp-name': params.name } : {};
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
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

const takenDirectly = ({ headers, body }: Case) => take((name) => ({ accept: ACCEPT, ...headers })[name], body) !== null;

/** The two whole answers, which must be equal; the fast path's. */
async function expectSameAnswer(request: Case, target = url) {
  const [a, b] = await Promise.all([answer(direct, target, request), answer(viaSdk, target, request)]);
  expect(a).toEqual(b);
  return { ...a, message: a.body ? (JSON.parse(a.body) as unknown) : null };
}

const { 'io.modelcontextprotocol/clientInfo': _clientInfo, ...withoutClientInfo } = ENVELOPE;
const { 'io.modelcontextprotocol/clientCapabilities': _capabilities, ...withoutCapabilities } = ENVELOPE;

const getOrder = { name: 'get_single_roserocket_object_by_id', arguments: { record_id: ORDER_ID } };

/** A JSON value as a tool may return it: what survives `JSON.stringify` unchanged (no -0, no undefined). */
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);

/** The parameters of a plain tools/call: real tools, and the test tools with generated values and error codes. */
const callParams = fc.oneof(
  fc.constant(getOrder),
  fc.constant({ name: getOrder.name, arguments: { record_id: 42 } }),
  fc.constant({ name: getOrder.name, arguments: { record_id: 'no-such-record' } }),
  fc.constant({ name: 'list_all_roserocket_boards' }),
  fc.constant({ name: broken.name, arguments: {} }),
  fc.record({ name: fc.constant(echo.name), arguments: fc.record({ value: jsonValue }) }),
  {
    weight: 4,
    arbitrary: fc.record({
      name: fc.constant(coded.name),
      arguments: fc.record({
        // Mostly the codes the SDK treats apart, and any other integer or number.
        code: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(-32002, -32021, -32602, -32603, -32600, -32001) }, fc.integer(), fc.double()),
        message: fc.string(),
        data: fc.oneof(fc.constant(null), jsonValue),
      }),
    }),
  },
);

const requestId = fc.oneof(fc.string(), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
/** Headers a client may add that neither path reads. */
const idleHeaders = fc.dictionary(fc.constantFrom('x-request-id', 'user-agent', 'x-trace'), fc.stringMatching(/^[\x21-\x7e]{0,20}$/), { maxKeys: 2 });
const mediaType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON');
const accept = fc.constantFrom(ACCEPT, 'text/event-stream, application/json', 'application/json,text/event-stream;q=0.9');

/** A plain request in either era, as clients send them, with what varies between clients generated. */
const plainRequest = fc
  .record({
    era: fc.constantFrom('legacy', 'modern'),
    id: requestId,
    call: fc.option(callParams, { nil: undefined }),
    progressToken: fc.option(requestId, { nil: undefined }),
    clientInfo: fc.boolean(),
    headers: idleHeaders,
    type: mediaType,
    accept,
  })
  .map(({ era, id, call, progressToken, clientInfo, headers, type, accept }): Case => {
    const method = call ? 'tools/call' : 'tools/list';
    const extra = { ...headers, 'content-type': type, accept };
    if (era === 'legacy') {
      const params = { ...call, ...(progressToken !== undefined && { _meta: { progressToken } }) };
      return legacy(method, call || progressToken !== undefined ? params : undefined, extra, id);
    }
    const sent: Case = modern(method, { ...call }, extra, clientInfo ? ENVELOPE : withoutClientInfo);
    return { ...sent, body: { ...(sent.body as object), id } };
  });

describe('the fast path answers plain tool requests as the SDK does', () => {
  it('on generated requests: taken, and the whole answer the same', async () => {
    await fc.assert(
      fc.asyncProperty(plainRequest, async (request) => {
        expect(takenDirectly(request)).toBe(true);
        const seen = await expectSameAnswer(request);
        expect(seen.message).toMatchObject({ jsonrpc: '2.0', id: (request.body as { id: unknown }).id });
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['2025', -32002, 200],
    ['2026', -32002, 200],
    ['2025', -32021, 200],
    ['2026', -32021, 400],
  ] as const)('%s: a thrown %i is answered as the SDK encodes it (HTTP %i)', async (era, code, status) => {
    const params = { name: coded.name, arguments: { code, message: 'no', data: null } };
    const seen = await expectSameAnswer(era === '2025' ? legacy('tools/call', params) : modern('tools/call', params));
    expect(seen.status).toBe(status);
    expect(seen.message).toMatchObject({ error: { code: code === -32002 ? -32602 : code } });
  });

  it.each([
    ['2025', legacy('tools/list', undefined)],
    ['2026', modern('tools/list', {})],
  ])('%s: a tools/list on a tag-limited server lists only its tools', async (_, request) => {
    const seen = await expectSameAnswer(request, eventsUrl);
    const names = (seen.message as { result: { tools: Array<{ name: string }> } }).result.tools.map((t) => t.name);
    expect(names).toEqual(TOOLS.filter((tool) => tool.tags.includes('events')).map((tool) => tool.name));
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

describe('the requests real clients send take the fast path', () => {
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
