import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, observedLane } from '../../gateway/app.ts';
import { loadConfig } from '../../gateway/config.ts';
import { jsonLogger } from '../../gateway/log.ts';
import type { DirectLane } from '../../gateway/mcp/endpoint.ts';
import { withDirectLane } from '../../gateway/runtime/listen.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { recordsOnMock } from '../support/e2e-environment.ts';
import { listen, type Listening } from '../support/listen.ts';

/**
 * On Node, plain `POST /mcp/<token>` requests are answered by the endpoint's
 * lane straight off node:http (gateway/runtime/listen.ts), and everything
 * else goes through Hono. Each request here is sent over HTTP to a gateway
 * served with its lane, and as a web `Request` to the same gateway's Hono
 * app; the two answers must be the same (status, the headers that carry
 * meaning, the body), and each case says whether the lane answered it. So a
 * lane that answers what it should hand over, or hands over what it should
 * answer, fails here.
 */

const ORDER_ID = SEED.demo.orders.erp992.id;
const ACCEPT = 'application/json, text/event-stream';
const MODERN = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'lane', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

let mockServer: Listening;
let gatewayServer: Listening;
let gateway: ReturnType<typeof createGateway>;
let token: string;
let laneAnswers = 0;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  // A limit far above what the tests use, so that every answer carries the rate-limit headers to pass on.
  const mock = createMockRoseRocket({ log: () => {}, rateLimit: { limit: 1_000_000, windowSeconds: 60 } });
  mockServer = await listen((request) => mock.fetch(request));
  const records = await recordsOnMock(mockServer.url);
  token = (
    await records.mcpServers.create(DEFAULT_ACCOUNT_ID, { name: 'lane', config: { methods: [], tags: [], require_api_token_auth: false }, expires_at: null })
  ).token;
  // The lane counts the requests it answered, so each case can say which way it went.
  const counted = (lane: DirectLane): DirectLane => ({
    takes: lane.takes,
    answer: async (...args) => {
      const answer = await lane.answer(...args);
      if (answer) laneAnswers++;
      return answer;
    },
  });
  gatewayServer = await listen(
    (request) => gateway.fetch(request),
    () => gateway && counted(gateway.lane),
  );
  const config = loadConfig({ PUBLIC_URL: gatewayServer.url });
  gateway = createGateway({ config, records, logger: jsonLogger((line) => lines.push(JSON.parse(line)), { level: 'debug' }) });
});

afterAll(async () => {
  await gatewayServer?.close();
  await mockServer?.close();
});

/** Header fields in order, repeats allowed, as they go on the wire. */
type Fields = [string, string][];

interface Case {
  path?: string;
  fields?: Fields;
  body: string;
  chunked?: boolean;
}

const rpc = (method: string, params: unknown, id: unknown = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
const legacyFields: Fields = [
  ['content-type', 'application/json'],
  ['accept', ACCEPT],
  ['mcp-protocol-version', '2025-06-18'],
];
const modernFields = (method: string, name?: string): Fields => [
  ['content-type', 'application/json'],
  ['accept', ACCEPT],
  ['mcp-protocol-version', MODERN],
  ['mcp-method', method],
  ...(name ? ([['mcp-name', name]] as Fields) : []),
];
const GET_ORDER = { name: 'get_single_roserocket_object_by_id', arguments: { record_id: ORDER_ID } };

/** The parts of an answer that carry meaning (not Date, not Connection). */
interface Answer {
  status: number;
  type: string | null;
  challenge: string | null;
  rateLimit: (string | null)[];
  body: unknown;
}

function answerOf(status: number, header: (name: string) => string | null, text: string): Answer {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a plain-text refusal): compared as text.
  }
  // An upstream reset time moves with the clock; whether each header is there is what the two must agree on.
  return {
    status,
    type: header('content-type'),
    challenge: header('www-authenticate'),
    rateLimit: ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => (header(name) === null ? null : 'present')),
    body,
  };
}

/** Over HTTP, through the listener and its lane. */
function overHttp({ path = `/mcp/${token}`, fields = legacyFields, body, chunked = false }: Case): Promise<Answer> {
  const length: Fields = chunked ? [['transfer-encoding', 'chunked']] : [['content-length', String(Buffer.byteLength(body))]];
  // Given as an array, the fields go as they are: node's client adds no Host of its own then.
  const host: Fields = fields.some(([name]) => name === 'host') ? [] : [['host', new URL(gatewayServer.url).host]];
  const raw = [...host, ...fields, ...length].flat();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${gatewayServer.url}${path}`, { method: 'POST', agent: false, headers: raw }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const value = (name: string) => {
          const v = res.headers[name];
          return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
        };
        resolve(answerOf(res.statusCode!, value, Buffer.concat(chunks).toString('utf8')));
      });
    });
    req.on('error', reject);
    if (chunked) req.write(body);
    req.end(chunked ? undefined : body);
  });
}

/** In process, through the Hono app alone. */
async function viaRoute({ path = `/mcp/${token}`, fields = legacyFields, body }: Case): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of fields) if (name !== 'host') headers.append(name, value);
  const host = fields.find(([name]) => name === 'host')?.[1];
  const response = await gateway.fetch(new Request(`${host ? `http://${host}` : gatewayServer.url}${path}`, { method: 'POST', headers, body }));
  return answerOf(response.status, (name) => response.headers.get(name), await response.text());
}

async function expectSame(request: Case, { byLane }: { byLane: boolean }): Promise<Answer> {
  const before = laneAnswers;
  const lane = await overHttp(request);
  expect(laneAnswers - before, byLane ? 'the lane should have answered' : 'the lane should have handed it over').toBe(byLane ? 1 : 0);
  expect(lane).toEqual(await viaRoute(request));
  return lane;
}

describe('what the lane answers, the same as the route', () => {
  it('a 2025-era tools/call', async () => {
    const answer = await expectSame({ body: rpc('tools/call', GET_ORDER) }, { byLane: true });
    expect(answer).toMatchObject({ status: 200, type: 'application/json', rateLimit: ['present', 'present', 'present'] });
    expect(answer.body).toMatchObject({ id: 1, result: { structuredContent: { id: ORDER_ID } } });
  });

  it('a 2026-07-28 tools/call and tools/list', async () => {
    const call = { body: rpc('tools/call', { ...GET_ORDER, _meta: ENVELOPE }), fields: modernFields('tools/call', GET_ORDER.name) };
    expect((await expectSame(call, { byLane: true })).body).toMatchObject({ result: { resultType: 'complete' } });
    const list = { body: rpc('tools/list', { _meta: ENVELOPE }), fields: modernFields('tools/list') };
    expect((await expectSame(list, { byLane: true })).body).toMatchObject({ result: { tools: expect.any(Array) } });
  });

  it('a tool call whose arguments are wrong, as an isError result', async () => {
    const answer = await expectSame({ body: rpc('tools/call', { ...GET_ORDER, arguments: { record_id: 'nope' } }) }, { byLane: true });
    expect(answer.body).toMatchObject({ result: { isError: true } });
  });

  it('a request whose URL has a query string', async () => {
    await expectSame({ path: `/mcp/${token}?from=lane`, body: rpc('tools/call', GET_ORDER) }, { byLane: true });
  });
});

describe('what the lane hands to the route, which answers it', () => {
  const cases: [string, () => Case][] = [
    ['initialize (not a tool request), after its body was read', () => ({ body: rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } }) })],
    ['a tool this server does not have (the SDK says so)', () => ({ body: rpc('tools/call', { name: 'no_such_tool', arguments: {} }) })],
    ['an unknown token (401)', () => ({ path: '/mcp/rrmcp_unknown', body: rpc('tools/call', GET_ORDER) })],
    ['a body that is not JSON (400)', () => ({ body: '{"jsonrpc":' })],
    ['a body of another media type (415)', () => ({ body: rpc('tools/call', GET_ORDER), fields: [['content-type', 'text/plain'], ...legacyFields.slice(1)] })],
    ['a chunked body, with no length to check first', () => ({ body: rpc('tools/call', GET_ORDER), chunked: true })],
    ['a repeated header field, which node and fetch read differently', () => ({ body: rpc('tools/call', GET_ORDER), fields: [...legacyFields, ['authorization', 'Bearer a'], ['authorization', 'Bearer b']] })],
    ['a Host that names another machine (403)', () => ({ body: rpc('tools/call', GET_ORDER), fields: [['host', 'rebound.example'], ...legacyFields] })],
    ['a browser Origin it does not trust (403)', () => ({ body: rpc('tools/call', GET_ORDER), fields: [['origin', 'https://evil.example'], ...legacyFields] })],
    ['a percent-encoded token, which the route decodes', () => ({ path: `/mcp/${encodeURIComponent(token).replace('_', '%5F')}`, body: rpc('tools/call', GET_ORDER) })],
    ['a path under a token', () => ({ path: `/mcp/${token}/more`, body: rpc('tools/call', GET_ORDER) })],
  ];
  it.each(cases)('%s', async (_, request) => {
    await expectSame(request(), { byLane: false });
  });

  it('serves the handed-over initialize with the body the lane read', async () => {
    const answer = await overHttp({ body: rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } }) });
    expect(answer).toMatchObject({ status: 200, body: { result: { serverInfo: { name: 'roserocket-mcp' } } } });
  });
});

describe('what the lane leaves as the app does', () => {
  it('counts each answer in the metrics and logs it at debug, token redacted', async () => {
    const count = async () => {
      const text = await (await gateway.fetch(new Request(`${gatewayServer.url}/metrics`))).text();
      return Number(/roserocket_mcp_http_responses_total\{route="mcp",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await count();
    lines.length = 0;
    await expectSame({ body: rpc('tools/call', GET_ORDER) }, { byLane: true });
    // One over HTTP (the lane), one in process (the route): each counted and logged once.
    expect((await count()) - before).toBe(2);
    const http = lines.filter((line) => line.msg === 'http' && line.path !== '/metrics');
    expect(http).toEqual([
      expect.objectContaining({ level: 'debug', method: 'POST', path: '/mcp/<redacted>', status: 200 }),
      expect.objectContaining({ level: 'debug', method: 'POST', path: '/mcp/<redacted>', status: 200 }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('answers a bug as the app does, 500 and nothing of the error, and reports it', async () => {
    const reports: unknown[][] = [];
    const observed: unknown[][] = [];
    const failing: DirectLane = {
      takes: () => true,
      answer: () => Promise.reject(new Error('secret upstream detail')),
    };
    const lane = observedLane(failing, (...args) => observed.push(args), (...args) => reports.push(args));
    const answer = await lane.answer(`/mcp/${token}`, () => undefined, '{}');
    expect(answer).toEqual({ status: 500, headers: { 'content-type': 'application/json' }, body: '{"statusCode":500,"error":"Internal Server Error","message":"internal error"}' });
    expect(reports).toEqual([[new Error('secret upstream detail'), { method: 'POST', path: '/mcp/<redacted>' }]]);
    expect(observed).toEqual([['POST', `/mcp/${token}`, 500, expect.any(Number)]]);
  });
});

describe('the Node listener around the lane', () => {
  it('drops the connection, and keeps serving, when writing an answer throws', async () => {
    // An answer whose header node refuses to write: a bug the listener must survive.
    const broken: DirectLane = {
      takes: () => true,
      answer: async () => ({ status: 200, headers: { 'x-broken': 'a\nb' }, body: '{}' }),
    };
    const server = createServer(withDirectLane((_, res) => res.end('fallback'), () => broken));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const outcome = (path: string, method: string) =>
        new Promise<string>((resolve) => {
          const req = httpRequest(`${url}${path}`, { method, agent: false }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk));
            res.on('end', () => resolve(text));
          });
          req.on('error', (error) => resolve(`error: ${error.message}`));
          req.end(method === 'POST' ? '{}' : undefined);
        });
      expect(await outcome('/mcp/x', 'POST')).toMatch(/^error: /);
      expect(await outcome('/healthz', 'GET')).toBe('fallback');
    } finally {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  });
});

