/**
 * Child process: the smallest Hono app that forwards every request to the
 * mock (`PROXY_TARGET`) with the platform's fetch, as the gateway's upstream
 * client does. Path (b) of the benchmark: the cost of one extra Node hop.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { proxy } from 'hono/proxy';
import type { AddressInfo } from 'node:net';

const target = process.env.PROXY_TARGET;
if (!target) throw new Error('PROXY_TARGET is not set');

const app = new Hono();
app.all('*', (c) => proxy(`${target}${c.req.path}${new URL(c.req.url).search}`, { raw: c.req.raw }));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.send!({ type: 'listening', port: info.port });
});
