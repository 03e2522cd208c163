import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { createNotFound, createOnError, HttpError, pathRedactor, readJsonBody, redactPath, unauthorized } from '../../gateway/http-error.ts';

function app(report: (error: unknown, context: { method: string; path: string }) => void = () => {}) {
  const a = new Hono();
  a.post('/echo', async (c) => c.json({ got: await readJsonBody(c, 32) }));
  a.get('/http-error', () => {
    throw new HttpError(429, 'slow down', { 'retry-after': '3' });
  });
  a.get('/hono-exception', () => {
    throw new HTTPException(403, { message: 'origin not allowed' });
  });
  a.get('/bug', () => {
    throw new Error('upstream said client_secret=hunter2');
  });
  a.onError(createOnError(report));
  a.notFound(createNotFound());
  return a;
}

describe('error envelope', () => {
  it('renders HttpError with its status, reason, message and headers', async () => {
    const response = await app().request('/http-error');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' });
  });

  it('renders an HttpError as the envelope even where no onError is mounted', async () => {
    const bare = new Hono().get('/', () => {
      throw unauthorized('who are you', 'test', false);
    });
    const response = await bare.request('/');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="test"');
    expect(await response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'who are you' });
  });

  it('maps Hono HTTPExceptions into the envelope', async () => {
    const response = await app().request('/hono-exception');
    expect(await response.json()).toEqual({ statusCode: 403, error: 'Forbidden', message: 'origin not allowed' });
  });

  it('answers a bare 500 for bugs, reporting them without echoing their message', async () => {
    const reported: unknown[] = [];
    const response = await app((error, context) => reported.push([error, context])).request('/bug');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
    expect(reported).toEqual([[expect.any(Error), { method: 'GET', path: '/bug' }]]);
  });

  it('answers unknown routes with a 404 envelope that never echoes an MCP token', async () => {
    const response = await app().request('/mcp/rrmcp_secret-token/extra');
    expect(await response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'no route for GET /mcp/<redacted>/extra' });
  });

  it('redacts every /mcp/<token> in a path', () => {
    expect(redactPath('/mcp/abc')).toBe('/mcp/<redacted>');
    expect(redactPath('/x/mcp/abc?q=1')).toBe('/x/mcp/<redacted>?q=1');
    expect(redactPath('/healthz')).toBe('/healthz');
  });
});

describe('readJsonBody', () => {
  const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app().request('/echo', { method: 'POST', body, headers });

  it('parses JSON, including +json media types', async () => {
    expect(await (await post('{"a":1}')).json()).toEqual({ got: { a: 1 } });
    expect(await (await post('[1]', { 'content-type': 'application/merge-patch+json' })).json()).toEqual({ got: [1] });
  });

  it('answers 400, 413 and 415 with the reason', async () => {
    const cases: Array<[Response, number, string]> = [
      [await post('{nope'), 400, 'body: is not valid JSON'],
      [await post('  '), 400, 'body: is empty'],
      [await post(JSON.stringify({ a: 'x'.repeat(40) })), 413, 'larger than the 32 byte limit'],
      [await post('{}', { 'content-type': 'text/plain' }), 415, 'content-type: expected application/json, got "text/plain"'],
    ];
    for (const [response, status, message] of cases) {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { message: string }).message).toContain(message);
    }
  });
});
