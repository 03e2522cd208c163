import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eEnvironment, ADMIN_TOKEN, type E2eEnvironment, type McpServerCreated } from '../support/e2e-environment.ts';
import { connect, ERAS } from '../support/mcp-clients.ts';
import { okPayload } from '../support/tool-results.ts';

/**
 * `/mcp/:token` at the HTTP level, with plain `fetch` and hand-written
 * JSON-RPC, the way a misconfigured client, a browser page or an attacker
 * would reach it: every refusal has the right status and a body that says why.
 */

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-http', version: '1.0.0' } },
};
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let env: E2eEnvironment;
let server: McpServerCreated;
beforeAll(async () => {
  env = await startE2eEnvironment();
  server = await env.createMcpServer('http edges');
});
afterAll(() => env?.close());

function post(url: string, body: string | object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/**
 * A POST on a connection of its own. The server answers 413 before reading the
 * body and then drops the connection; through `fetch` that connection could go
 * back to the shared pool and fail whichever test used it next.
 */
function postAlone(url: string, body: string, { chunked = false, headers = {} as Record<string, string> } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    let answered = false;
    // Chunked: no declared length, so the server can only count the body as it arrives.
    const length = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { ...MCP_HEADERS, ...headers, ...length } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: res.headers as Record<string, string> })));
      res.on('error', reject);
    });
    // The server may close while the rest of the body is still on its way; its answer has been read by then.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.on('close', () => answered || reject(new Error('the connection closed without an answer')));
    if (chunked) for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.slice(at, at + 64 * 1024));
    req.end(chunked ? undefined : body);
  });
}

async function expectEnvelope(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { statusCode: number; error: string; message: string };
  expect(body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  return body.message;
}

async function expectRpcError(response: Response, status: number): Promise<{ code: number; message: string }> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
  expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: expect.any(Number), message: expect.any(String) } });
  return body.error;
}

it('answers a well-formed request with JSON (the baseline the refusals below differ from)', async () => {
  const response = await post(server.url, INITIALIZE);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: 1, result: { serverInfo: { name: 'roserocket-mcp' } } });
});

describe('who may call', () => {
  it('refuses an unknown token with 401, the error envelope and a Bearer challenge', async () => {
    const response = await post(`${env.gatewayUrl}/mcp/not-a-real-token`, INITIALIZE);
    expect(await expectEnvelope(response, 401)).toMatch(/unknown, revoked or expired/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_token"$/);
  });

  it('refuses a revoked server with 401', async () => {
    const doomed = await env.createMcpServer('revoked soon');
    expect((await post(doomed.url, INITIALIZE)).status).toBe(200);
    const revoke = await fetch(`${env.gatewayUrl}/integrated-account/default/mcp/${doomed.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(revoke.status).toBe(204);
    await expectEnvelope(await post(doomed.url, INITIALIZE), 401);
  });

  it('refuses a server that requires an API token when none is sent', async () => {
    const guarded = await env.createMcpServer('guarded', { require_api_token_auth: true });
    const response = await post(guarded.url, INITIALIZE);
    expect(await expectEnvelope(response, 401)).toMatch(/requires Authorization: Bearer/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    // The operator token opens the admin API, not an account's MCP servers.
    await expectEnvelope(await post(guarded.url, INITIALIZE, { authorization: `Bearer ${ADMIN_TOKEN}` }), 401);
  });

  it.each(ERAS)("lets a %s client in with an API token of the server's account", async (era) => {
    const guarded = await env.createMcpServer(`guarded ${era}`, { require_api_token_auth: true });
    const created = await fetch(`${env.gatewayUrl}/api-token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `agent ${era}`, integrated_account_id: 'default' }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const client = await connect(era, guarded.url, { headers: { authorization: `Bearer ${token}` } });
    try {
      okPayload(await client.callTool('list_all_roserocket_user_groups', {}));
    } finally {
      await client.close();
    }
  });

  it('refuses a browser Origin it does not trust with 403, every time, and accepts a localhost one', async () => {
    // Twice: a verdict is remembered per Origin value, and the remembered one must refuse too.
    for (let i = 0; i < 2; i++) {
      const refused = await post(server.url, INITIALIZE, { origin: 'https://evil.example' });
      expect((await expectRpcError(refused, 403)).message).toMatch(/origin/i);
    }
    expect((await post(server.url, INITIALIZE, { origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await expectRpcError(await post(server.url, INITIALIZE, { origin: 'not a url' }), 403)).message).toMatch(/Invalid Origin header/);
  });

  it('refuses a Host that names another machine with 421 (DNS rebinding), every time, and serves its own', async () => {
    const body = JSON.stringify(INITIALIZE);
    for (let i = 0; i < 2; i++) {
      const refused = await postAlone(server.url, body, { headers: { host: 'rebound.example:80' } });
      expect(await expectEnvelope(refused, 421)).toMatch(/^Host rebound\.example is not .*set PUBLIC_URL/);
    }
    const port = new URL(server.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await postAlone(server.url, body, { headers: { host } })).status).toBe(200);
    }
  });
});

describe('what may be sent', () => {
  it('refuses an oversized body with 413', async () => {
    const huge = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, padding: 'x'.repeat(2 * 1024 * 1024) } });
    const error = await expectRpcError(await postAlone(server.url, huge), 413);
    expect(error.message).toMatch(/exceeds \d+ bytes/);
  });

  it('counts a chunked body as it arrives: 413 when oversized, served when not', async () => {
    const huge = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, padding: 'x'.repeat(2 * 1024 * 1024) } });
    expect((await expectRpcError(await postAlone(server.url, huge, { chunked: true }), 413)).message).toMatch(/exceeds \d+ bytes/);
    const fine = await postAlone(server.url, JSON.stringify(INITIALIZE), { chunked: true });
    expect(fine.status).toBe(200);
    expect(((await fine.json()) as { result?: { serverInfo?: { name?: string } } }).result?.serverInfo?.name).toBe('roserocket-mcp');
  });

  it.each(['GET', 'DELETE'])('answers %s with 405 and Allow: POST (the endpoint is stateless)', async (method) => {
    const response = await fetch(server.url, { method, headers: { accept: 'application/json, text/event-stream' } });
    expect(response.headers.get('allow')).toBe('POST');
    await expectRpcError(response, 405);
  });

  it('refuses a body that is not JSON with 400 and a JSON-RPC parse error', async () => {
    const error = await expectRpcError(await post(server.url, '{"jsonrpc": "2.0", "method": '), 400);
    expect(error.code).toBe(-32700);
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const error = await expectRpcError(await post(server.url, JSON.stringify(INITIALIZE), { 'content-type': 'text/plain' }), 415);
    expect(error.message).toMatch(/Content-Type/);
  });
});
