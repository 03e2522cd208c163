/**
 * Child process: the smallest Hono app that forwards every request to the
 * mock (`PROXY_TARGET`). Path (b) of the benchmark, the cost of one extra
 * Node hop, so it forwards the cheapest way Node has: `node:http` with a
 * keep-alive agent, the body read whole and answered as one buffer. That is
 * how the gateway's own upstream sender works; undici's `fetch` and a
 * streamed answer (what `hono/proxy` does) cost this process two to three
 * times the CPU per call, which would make the baseline, not the gateway,
 * the slow one.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const target = process.env.PROXY_TARGET;
if (!target) throw new Error('PROXY_TARGET is not set');

const agent = new http.Agent({ keepAlive: true });
/** Hop-by-hop fields, which a proxy does not pass on (RFC 9110 §7.6.1), and the length it sets anew. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function forward(request: Request, url: string, body: Buffer | undefined): Promise<Response> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
  });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: request.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name)) continue;
          for (const v of Array.isArray(value) ? value : [value]) answer.append(name, v);
        }
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: answer }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const app = new Hono();
app.all('*', async (c) => {
  const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : Buffer.from(await c.req.arrayBuffer());
  return forward(c.req.raw, `${target}${c.req.path}${new URL(c.req.url).search}`, body);
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.send!({ type: 'listening', port: info.port });
});
