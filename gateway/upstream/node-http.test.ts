import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRoseRocketClient } from './client.ts';
import { UpstreamNetworkError, UpstreamTimeoutError } from './errors.ts';
import { nodeHttpSend } from './node-http.ts';
import { upstreamSend } from '../runtime/upstream-send.ts';
import { exchange } from './transport.ts';
import type { OutgoingRequest } from './wire.ts';
import pkg from '../../package.json' with { type: 'json' };

/**
 * The node:http sender against real servers on 127.0.0.1: what msw cannot
 * show (sockets, keep-alive, a server that drops a connection), it is tested
 * on the wire.
 */

const servers: http.Server[] = [];

afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((closed) => {
          // Keep-alive sockets, and the request a test left stalled on purpose, would hold close() open.
          server.closeAllConnections();
          server.close(closed);
        }),
    ),
  );
});

interface TestServer {
  url: string;
  /** TCP connections accepted so far. */
  connections: number;
}

async function serve(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  servers.push(server);
  const state: TestServer = { url: '', connections: 0 };
  server.on('connection', () => state.connections++);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function get(url: string): OutgoingRequest {
  return { method: 'GET', url, headers: { Accept: 'application/json' }, body: null };
}

const send = (request: OutgoingRequest, timeoutMs = 2_000) => exchange(nodeHttpSend, request, timeoutMs, `${request.method} /test`);

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: Error) => error,
  );
}

describe('nodeHttpSend', () => {
  it('gives the status, the headers and the body as UTF-8, even a character split across chunks', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const { url } = await serve((req, res) => {
      seen = req.headers;
      const body = Buffer.from('{"notes":"ünïcode"}');
      res.writeHead(201, { 'Content-Type': 'application/json' });
      const insideU = body.indexOf('ü') + 1;
      res.write(body.subarray(0, insideU));
      setTimeout(() => res.end(body.subarray(insideU)), 10);
    });
    const answer = await send({ ...get(`${url}/objects/abc?paths=a`), headers: { 'x-org-id': 'org-1' } });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('Content-Type')).toBe('application/json');
    expect(answer.headers.get('x-absent')).toBeNull();
    expect(answer.text).toBe('{"notes":"ünïcode"}');
    expect(seen['x-org-id']).toBe('org-1');
    expect(seen['user-agent']).toBe(`roserocket-mcp/${pkg.version}`);
  });

  it('joins a repeated header with ", " as Headers does, even one node keeps only the first of', async () => {
    const { url } = await serve((_, res) => {
      res.setHeader('Retry-After', ['30', '60']);
      res.setHeader('X-RateLimit-Limit', ['100', '1000']);
      res.end();
    });
    const { headers } = await send(get(url));
    const asFetchSeesIt = new Headers([
      ['retry-after', '30'],
      ['retry-after', '60'],
    ]);
    expect(headers.get('retry-after')).toBe(asFetchSeesIt.get('retry-after'));
    expect(headers.get('retry-after')).toBe('30, 60');
    expect(headers.get('x-ratelimit-limit')).toBe('100, 1000');
  });

  it('sends a body with its content-length in bytes, not chunked', async () => {
    let received: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    const { url } = await serve(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received = { headers: req.headers, body };
      res.end('{}');
    });
    const body = JSON.stringify({ notes: 'ünïcode' });
    await send({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body });
    expect(received?.body).toBe(body);
    expect(received?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(received?.headers['transfer-encoding']).toBeUndefined();
  });

  it('sends every URL to the host, port and target that parsing it as a URL gives', async () => {
    const seen: { host: string | undefined; target: string | undefined }[] = [];
    const { url } = await serve((req, res) => {
      seen.push({ host: req.headers.host, target: req.url });
      res.end('{}');
    });
    const { host } = new URL(url);
    // Canonical targets go as they are; the rest (spaces, non-ASCII, dot segments, a fragment) as the URL parser rewrites them.
    const paths = [
      '/api/v2/platformModel/objects/573acfa2-b038-4ee9-af91-2c3c91bb3ccd?paths=customer%2Cstops',
      '/objects/ERP%2F992%20x',
      '/a/b?q=one+two&x=%7E',
      '',
      '/a b/ü?q=a b',
      '/a/./b/../c',
      '/a/%2e%2E/b',
      '/a/.%2e/b?x',
      '/a/..',
      '/x#fragment',
    ];
    for (const path of paths) await send(get(`${url}${path}`));
    await send(get(`http://${host.toUpperCase()}/upper`));
    expect(seen).toEqual(
      [...paths.map((path) => `${url}${path}`), `http://${host}/upper`].map((sent) => {
        const parsed = new URL(sent);
        return { host: parsed.host, target: `${parsed.pathname}${parsed.search}` };
      }),
    );
  });

  it('asks for a compressed answer and decompresses a gzip one, as fetch did', async () => {
    const { url } = await serve((req, res) => {
      if (!String(req.headers['accept-encoding']).includes('gzip')) return void res.end('not asked for gzip');
      res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('{"id":"abc"}'));
    });
    expect((await send(get(url))).text).toBe('{"id":"abc"}');
  });

  it('reuses one keep-alive connection for calls one after another', async () => {
    const server = await serve((_, res) => res.end('{}'));
    await send(get(server.url));
    await send(get(server.url));
    expect(server.connections).toBe(1);
  });

  it('times out a body that stalls after the headers, and drops the connection', async () => {
    let socketClosed: Promise<string> | undefined;
    const { url } = await serve((req, res) => {
      socketClosed = new Promise((closed) => req.socket.once('close', () => closed('closed')));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":');
    });
    const started = performance.now();
    const error = await failure(send(get(url), 100));
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(performance.now() - started).toBeLessThan(1_000);
    // The abort destroyed the request: the server sees its socket closed, not a client still waiting.
    expect(await Promise.race([socketClosed, sleep(1_000, 'still open')])).toBe('closed');
  });

  it('fails as a network error, at once, when the connection drops in the middle of the body', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const started = performance.now();
    const error = await failure(send(get(url)));
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    // Well inside the 2 s timeout: the cut is seen as it happens, not waited out.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reports a sender that throws before it sends as a network error, like one that rejects', async () => {
    const throwing = () => {
      throw new Error('no socket today');
    };
    const error = await failure(exchange(throwing, get('http://127.0.0.1:1'), 2_000, 'GET /test'));
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect(error.message).toContain('no socket today');
  });

  it('reports a refused connection as a network error that names ECONNREFUSED', async () => {
    const { url } = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((closed) => server.close(closed));
    const error = await failure(send(get(url)));
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect(error.message).toMatch(/^Could not reach Rose Rocket for GET \/test: .*ECONNREFUSED/);
  });
});

describe('a keep-alive socket the server closed as the next request went out', () => {
  /** Answers the first request on each connection; a second one on the same connection finds it destroyed. */
  function forgetfulServer() {
    const answered = new WeakSet<object>();
    return serve((req, res) => {
      if (answered.has(req.socket)) return void req.socket.destroy();
      answered.add(req.socket);
      res.end('{"ok":true}');
    });
  }

  it('sends a GET again, once, on a fresh connection', async () => {
    const server = await forgetfulServer();
    await send(get(server.url));
    const answer = await send(get(server.url));
    expect(answer).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(server.connections).toBe(2);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('never sends a %s twice: it fails as a network error', async (method) => {
    const server = await forgetfulServer();
    await send(get(server.url));
    const error = await failure(send({ method, url: server.url, headers: {}, body: method === 'DELETE' ? null : '{}' }));
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect(error.message).toMatch(/ECONNRESET/);
    expect(server.connections).toBe(1);
  });
});

describe('the upstream sender on Node', () => {
  it('gets a token and makes the call over node:http, never through the global fetch', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('the global fetch was used')));
    const seen: string[] = [];
    const { url } = await serve((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/oauth/token') return void res.end(JSON.stringify({ access_token: 'access-1', expires_in: 1800 }));
      res.end(JSON.stringify({ id: 'abc' }));
    });
    const rr = createRoseRocketClient({
      send: upstreamSend(),
      account: { apiUrl: url, authUrl: url, clientId: 'client', clientSecret: 'secret', orgId: 'org', userId: 'user' },
    });
    expect(await rr.call({ method: 'GET', path: ['objects', 'abc'] })).toEqual({ status: 200, body: { id: 'abc' }, rateLimit: null });
    expect(seen).toEqual(['POST /oauth/token -', 'GET /api/v2/platformModel/objects/abc Bearer access-1']);
  });
});
