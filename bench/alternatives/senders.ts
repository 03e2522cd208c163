/**
 * `npx tsx bench/alternatives/senders.ts`: the upstream sender against
 * undici's `request` over a keep-alive `Pool`, each sending the same GET to
 * a server in a child process, at concurrency 32; CPU of this process per
 * call (user + system), the two taking turns. The figures decide which one
 * gateway/upstream/node-http.ts is.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, Pool, request } from 'undici';
import { nodeHttpSend } from '../../gateway/upstream/node-http.ts';

const BODY = JSON.stringify({ id: 'b3c1e2d4-0000-4000-8000-000000000001', objectKey: 'order', fullId: 'O-19', paths: Array.from({ length: 30 }, (_, i) => `field${i}`) });

if (process.argv[2] === 'serve') {
  const { createServer } = await import('node:http');
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY));
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
} else {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  const url = `http://127.0.0.1:${port}/objects/1`;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 32, pipelining: 1 });
  const agent = new Agent({ keepAliveTimeout: 4000 });
  const origin = `http://127.0.0.1:${port}`;
  const utf8 = new TextDecoder();

  const senders: Record<string, () => Promise<string>> = {
    'node:http (nodeHttpSend)': async () => (await nodeHttpSend({ method: 'GET', url, headers: { accept: 'application/json' }, body: null }, () => {})).text,
    'undici Pool.request, bare': async () => {
      const { body } = await pool.request({ method: 'GET', path: '/objects/1', headers: { accept: 'application/json' } });
      return body.text();
    },
    // What a `Send` over undici needs besides: a way to stop the attempt (its signal), the same
    // request headers, a header view and the body decoded as the node:http sender does.
    // The same, with undici's own timeouts ending the attempt instead of a signal.
    'undici request as a Send, no signal': async () => {
      const headers: Record<string, string> = { 'user-agent': 'roserocket-mcp/0', 'accept-encoding': 'gzip, br', accept: 'application/json' };
      const res = await agent.request({ origin, path: '/objects/1', method: 'GET', headers, headersTimeout: 15_000, bodyTimeout: 15_000 });
      const view = { get: (name: string) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } };
      const text = await res.body.text();
      return view.get('content-type') ? text : '';
    },
    'undici request as a Send': async () => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      void stop;
      const headers: Record<string, string> = { 'user-agent': 'roserocket-mcp/0', 'accept-encoding': 'gzip, br', accept: 'application/json' };
      const res = await request(url, { method: 'GET', headers, dispatcher: agent, signal: controller.signal });
      const view = { get: (name: string) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } };
      const text = utf8.decode(Buffer.from(await res.body.arrayBuffer()));
      return view.get('content-type') ? text : '';
    },
  };

  async function run(send: () => Promise<string>, calls: number) {
    const before = process.cpuUsage();
    const started = performance.now();
    let left = calls;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (left-- > 0) if ((await send()) !== BODY) throw new Error('wrong body');
    }));
    const cpu = process.cpuUsage(before);
    return { cpuUs: (cpu.user + cpu.system) / calls, perSecond: calls / ((performance.now() - started) / 1000) };
  }

  for (const send of Object.values(senders)) await run(send, 2000);
  const totals = Object.fromEntries(Object.keys(senders).map((name) => [name, { cpuUs: 0, perSecond: 0 }]));
  const ROUNDS = 4;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, send] of Object.entries(senders)) {
      const { cpuUs, perSecond } = await run(send, 5000);
      totals[name]!.cpuUs += cpuUs / ROUNDS;
      totals[name]!.perSecond += perSecond / ROUNDS;
    }
  }
  for (const [name, { cpuUs, perSecond }] of Object.entries(totals)) console.log(`${name}: ${cpuUs.toFixed(0)} µs CPU/call, ${perSecond.toFixed(0)} req/s`);
  await pool.close();
  child.kill();
}
