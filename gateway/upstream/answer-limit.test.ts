import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoseRocketClient } from './client.ts';
import { UpstreamTooLargeError } from './errors.ts';
import { nodeHttpSend } from './node-http.ts';
import { exchange, fetchSend } from './transport.ts';
import type { OutgoingRequest, Send } from './wire.ts';

/**
 * A hostile or broken upstream sends more than anyone asked for: a body of
 * hundreds of MB, or a small gzip that inflates to hundreds. The gateway
 * reads no more than the limit, raw or decompressed, and says so. Sizes here
 * are modest; the README gives the RSS figures measured with 1 GB and 400 MB.
 */
const LIMIT = 64 * 1024;
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((closed) => (server.closeAllConnections(), server.close(closed)))));
});

interface Upstream {
  url: string;
  /** Bytes the server managed to write before the client stopped reading. */
  written: () => number;
}

/** Streams `total` bytes of JSON-ish filler in 16 KiB chunks, as fast as the client takes them. */
async function upstream(headers: Record<string, string>, body: Buffer | ((write: (chunk: Buffer) => boolean) => void)): Promise<Upstream> {
  let written = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    if (Buffer.isBuffer(body)) return void res.end(body);
    body((chunk) => {
      written += chunk.length;
      return res.write(chunk);
    });
    res.on('drain', () => body((chunk) => ((written += chunk.length), res.write(chunk))));
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, written: () => written };
}

/** Writes 16 KiB chunks until the socket asks it to wait; called again on drain. Never ends on its own. */
const endless = (write: (chunk: Buffer) => boolean) => {
  const chunk = Buffer.alloc(16 * 1024, 'a');
  while (write(chunk));
};

const get = (url: string, maxAnswerBytes = LIMIT): OutgoingRequest => ({ method: 'GET', url, headers: {}, body: null, maxAnswerBytes });
const senders: Array<[string, Send]> = [
  ['node:http', nodeHttpSend],
  ['fetch', fetchSend((request) => fetch(request))],
];

async function tooLarge(send: Send, request: OutgoingRequest): Promise<UpstreamTooLargeError> {
  const error = await exchange(send, request, 5_000, 'GET /x').then(() => expect.unreachable('should be too large'), (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamTooLargeError);
  return error as UpstreamTooLargeError;
}

describe.each(senders)('answers larger than the limit, over %s', (_, send) => {
  it('an endless body: reading stops at the limit and the connection is dropped', async () => {
    const server = await upstream({}, endless);
    const error = await tooLarge(send, get(server.url));
    expect(error.toPayload()).toMatchObject({ status: 200, error: 'response_too_large', limit_bytes: LIMIT });
    expect(error.message).toMatch(/larger than the gateway reads \(65536 bytes\).*Ask for less/);
    await new Promise((settled) => setTimeout(settled, 100));
    // Socket buffers hold a few hundred KiB at most: the server was stopped, not read to the end.
    expect(server.written()).toBeLessThan(8 * 1024 * 1024);
  });

  it('a declared Content-Length over the limit is refused before the body is read', async () => {
    const server = await upstream({ 'content-length': String(LIMIT + 1) }, Buffer.alloc(LIMIT + 1, 'a'));
    await tooLarge(send, get(server.url));
  });

  it('a gzip that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(LIMIT * 64, '0'));
    expect(bomb.length).toBeLessThan(LIMIT);
    const server = await upstream({ 'content-encoding': 'gzip' }, bomb);
    await tooLarge(send, get(server.url));
  });

  it('an answer within the limit is read whole, compressed or not', async () => {
    const json = JSON.stringify({ blob: 'b'.repeat(LIMIT - 100) });
    for (const [headers, body] of [
      [{}, Buffer.from(json)],
      [{ 'content-encoding': 'gzip' }, gzipSync(json)],
    ] as const) {
      const server = await upstream(headers, body);
      expect((await exchange(send, get(server.url), 5_000, 'GET /x')).text).toBe(json);
    }
  });
});

it('brotli is capped as gzip is (node:http decodes it itself)', async () => {
  const server = await upstream({ 'content-encoding': 'br' }, brotliCompressSync(Buffer.alloc(LIMIT * 16, '0')));
  await tooLarge(nodeHttpSend, get(server.url));
});

it("the client applies its maxAnswerBytes to every request it sends, the token's too", async () => {
  const server = await upstream({}, endless);
  const base = server.url.replace(/\/x$/, '');
  const rr = createRoseRocketClient({
    account: { apiUrl: base, authUrl: base, clientId: 'c', clientSecret: 's', orgId: 'o', userId: 'u' },
    send: nodeHttpSend,
    maxAnswerBytes: LIMIT,
  });
  const error = await rr.call({ method: 'GET', path: ['objects'] }).then(() => expect.unreachable('should fail'), (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamTooLargeError);
  expect((error as Error).message).toContain('/oauth/token');
});
