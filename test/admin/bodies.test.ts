import { describe, expect, it } from 'vitest';
import { ADMIN_BODY_LIMIT } from '../../gateway/http-error.ts';
import { adminHarness, envelope } from './harness.ts';

/** Every admin route that takes a body, with an id that exists. */
const BODY_ROUTES = ['POST /integrated-account', 'POST /integrated-account/{account}/mcp', 'PATCH /integrated-account/{account}/mcp/{server}', 'POST /api-token'];

async function routes() {
  const harness = await adminHarness();
  const account = await harness.createAccount();
  const server = (await (await harness.call('POST', `/integrated-account/${account}/mcp`, { body: { name: 's' } })).json()) as { id: string };
  const resolved = BODY_ROUTES.map((route) => {
    const [method, path] = route.replace('{account}', account).replace('{server}', server.id).split(' ') as [string, string];
    return { method, path };
  });
  return { ...harness, resolved };
}

describe('admin request bodies', () => {
  it('malformed JSON is a 400 that says so', async () => {
    const { call, resolved } = await routes();
    for (const { method, path } of resolved) {
      const response = await call(method, path, { rawBody: '{"name": "x",' });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect((await envelope(response)).message).toMatch(/^body: is not valid JSON/);
    }
  });

  it('an empty body is a 400', async () => {
    const { call, resolved } = await routes();
    for (const { method, path } of resolved) {
      const response = await call(method, path, { rawBody: '' });
      expect(response.status).toBe(400);
      expect((await envelope(response)).message).toBe('body: is empty; expected a JSON object');
    }
  });

  it('a body that is not JSON by content type is a 415', async () => {
    const { call, resolved } = await routes();
    for (const { method, path } of resolved) {
      const response = await call(method, path, { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(response.status).toBe(415);
      expect((await envelope(response)).message).toBe('content-type: expected application/json, got "application/x-www-form-urlencoded"');
      const bare = await call(method, path, { token: undefined });
      expect(bare.status).toBe(415);
      expect((await envelope(bare)).message).toBe('content-type: expected application/json, got none');
    }
  });

  it('accepts a charset parameter on the JSON content type', async () => {
    const { call } = await routes();
    const response = await call('POST', '/api-token', { rawBody: '{"name":"x"}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(response.status).toBe(201);
  });

  it('an oversized body is a 413, by declared length and while streaming without one', async () => {
    const { call, app, adminToken, resolved, records } = await routes();
    const before = await records.apiTokens.list();
    const big = JSON.stringify({ name: 'x'.repeat(ADMIN_BODY_LIMIT) });
    for (const { method, path } of resolved) {
      const declared = await call(method, path, { rawBody: big });
      expect(declared.status).toBe(413);
      expect((await envelope(declared)).message).toMatch(/larger than the 65536 byte limit/);
    }
    // No Content-Length: a stream that keeps going must be cut off, not buffered whole.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        if (sent > 10 * ADMIN_BODY_LIMIT) controller.close();
      },
    });
    const streamed = await app.request('/api-token', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(10 * ADMIN_BODY_LIMIT);
    expect(await records.apiTokens.list()).toEqual(before);
  });
});
