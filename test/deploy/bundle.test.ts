import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_URL, DENO, fetchErp992, freshBundle, startProcess, tempDir, type Started } from './support.ts';

/**
 * The one-file build, run the ways a user runs it: `node`, `deno run`, and
 * `deno serve` on its default export (the Deno Deploy shape), each on the
 * embedded mock with no credentials, through a real MCP client.
 */

let bundle: Awaited<ReturnType<typeof freshBundle>>;
beforeAll(async () => {
  bundle = await freshBundle();
}, 60_000);
afterAll(() => bundle?.remove());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts a server in a fresh data folder (or the one given, to restart on the same data). */
async function start(command: string, args: string[], env: Record<string, string> = {}, dataDir?: string): Promise<Started & { dataDir: string }> {
  if (!dataDir) {
    const data = await tempDir('rrmcp-data-');
    cleanups.push(data.remove);
    dataDir = data.path;
  }
  const started = await startProcess(command, args, {
    env: { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env },
    cwd: dataDir,
    ready: /listening on (http:\/\/\S+)/,
  });
  cleanups.push(started.stop);
  return { ...started, dataDir };
}

const ADMIN_KEY = 'deploy-test-admin-key-0123456789';

describe('the bundle', () => {
  it('imports nothing at run time but node: builtins', async () => {
    const source = await readFile(bundle.file, 'utf8');
    // Static imports and re-exports, at a line start or after a `;` (the bundle is whitespace-minified).
    const statement = /(?:^|;)\s*(?:(?:import|export)\s*[^;'"(]*?from\s*["']([^"']+)["']|import\s*["']([^"']+)["'])/gm;
    const specifiers = [...source.matchAll(statement)].map((m) => m[1] ?? m[2]!);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s.startsWith('node:'))).toEqual([]);
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('is ASCII text, which Node decodes and V8 scans faster at every start (scripts/build.ts)', async () => {
    const source = await readFile(bundle.file, 'utf8');
    expect(source.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });

  it("carries zod's English messages alone, and a source map to the files it was built from", async () => {
    const source = await readFile(bundle.file, 'utf8');
    expect(source).toContain('Invalid input');
    // zod's French, one of the forty locales left out (as written, or as the bundle escapes it).
    expect(source).not.toMatch(/Entr(?:é|\\u00e9)e invalide/);
    expect(source.trimEnd().endsWith('//# sourceMappingURL=roserocket-mcp.js.map')).toBe(true);
    const map = JSON.parse(await readFile(`${bundle.file}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('gateway/mcp/endpoint.ts'))).toBe(true);
  });

  it('serves HTTP under node, with a working demo URL on the embedded mock', async () => {
    const started = await start(process.execPath, [bundle.file]);
    const demoUrl = (await started.waitFor(DEMO_URL))[1]!;
    // The listener tells the app its peer: from loopback, /metrics needs no token.
    expect((await fetch(new URL('/metrics', demoUrl))).status).toBe(200);
    const { tools, result } = await fetchErp992(demoUrl);
    expect(tools).toContain('create_a_roserocket_event');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
  }, 40_000);

  it('serves HTTP under deno run, with a working demo URL on the embedded mock', async () => {
    const started = await start(DENO, ['run', '-A', bundle.file]);
    const demoUrl = (await started.waitFor(DEMO_URL))[1]!;
    expect((await fetch(new URL('/metrics', demoUrl))).status).toBe(200);
    const { result } = await fetchErp992(demoUrl);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
  }, 40_000);

  it('keeps its records in Deno KV with STORE=deno-kv, across a restart', async () => {
    const env = { STORE: 'deno-kv', ADMIN_API_KEY: ADMIN_KEY };
    const first = await start(DENO, ['run', '-A', '--unstable-kv', bundle.file], env);
    const base = first.ready[1]!;
    const created = await fetch(`${base}/integrated-account/default/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'kept', config: { methods: ['read'], tags: ['external_ids'] } }),
    });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    // An update goes through the store's conditional replace.
    const renamed = await fetch(`${base}/integrated-account/default/mcp/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'kept and renamed' }),
    });
    expect(renamed.status).toBe(200);
    expect(first.stderr()).toContain('"store":"deno-kv"');
    await first.stop();

    // Same data folder, new process: the record and its token survive.
    const second = await start(DENO, ['run', '-A', '--unstable-kv', bundle.file], env, first.dataDir);
    const secondBase = second.ready[1]!;
    const listed = await fetch(`${secondBase}/integrated-account/default/mcp/${id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(await listed.json()).toMatchObject({ id, name: 'kept and renamed', config: { methods: ['read'], tags: ['external_ids'] } });
    const { tools, result } = await fetchErp992(`${secondBase}/mcp/${token}`);
    expect(tools).toEqual(['get_single_roserocket_objects_external_by_id']);
    expect(result.structuredContent).toMatchObject({ externalId: 'ERP-992' });
  }, 60_000);

  it('serves its default export { fetch } under deno serve, the Deno Deploy shape', async () => {
    const data = await tempDir('rrmcp-serve-');
    cleanups.push(data.remove);
    // The entry Deno Deploy and `deno serve` take: a re-export, so the bundle is imported rather than run as the program.
    const entry = join(dirname(bundle.file), 'deploy.js');
    const started = await startProcess(DENO, ['serve', '-A', '--host', '127.0.0.1', '--port', '0', entry], {
      env: { DATA_DIR: data.path, STORE: 'memory' },
      cwd: data.path,
      ready: /Listening on (http:\/\/\S+?)\/?$/m,
      readyOn: 'stderr',
    });
    cleanups.push(started.stop);
    const base = started.ready[1]!;
    // Nothing starts until the first request, which prints the demo URL once.
    expect(started.stdout()).not.toContain('Demo MCP server URL');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const demoUrl = (await started.waitFor(/Demo MCP server URL \(shown once\): (http:\/\/\S+)/))[1]!;
    // Only the host's listener: the gateway did not start one of its own.
    expect(started.stdout()).not.toContain('listening on');
    expect(demoUrl.startsWith(`${base}/mcp/rrmcp_`)).toBe(true);
    // deno serve hands the default export its connection info: a loopback scraper needs no token.
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    const { result } = await fetchErp992(demoUrl);
    expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
  }, 40_000);

  it('under deno serve on 0.0.0.0 with no PUBLIC_URL, answers loopback names only: the LAN gets 421 and the setting to set', async () => {
    const data = await tempDir('rrmcp-serve-lan-');
    cleanups.push(data.remove);
    const entry = join(dirname(bundle.file), 'deploy.js');
    const started = await startProcess(DENO, ['serve', '-A', '--host', '0.0.0.0', '--port', '0', entry], {
      env: { DATA_DIR: data.path, STORE: 'memory', ADMIN_API_KEY: ADMIN_KEY },
      cwd: data.path,
      ready: /Listening on http:\/\/0\.0\.0\.0:(\d+)/,
      readyOn: 'stderr',
    });
    cleanups.push(started.stop);
    const port = Number(started.ready[1]);
    // As a machine on the LAN would ask: the socket reaches this machine, the Host names its LAN address.
    const lan = `192.168.1.50:${port}`;
    for (const path of ['/integrated-account', '/ui', '/healthz']) {
      const refused = await get(port, path, { host: lan, authorization: `Bearer ${ADMIN_KEY}` });
      expect(refused.status, path).toBe(421);
      expect(JSON.parse(refused.body).message).toMatch(/^Host 192\.168\.1\.50 is not a loopback name, .*set PUBLIC_URL/);
    }
    // Refused, it did not start (nor take the LAN name for its URLs); a loopback name is served.
    expect(started.stdout()).not.toContain('Demo MCP server URL');
    const own = await get(port, '/integrated-account', { host: `localhost:${port}`, authorization: `Bearer ${ADMIN_KEY}` });
    expect(own.status).toBe(200);
    expect((await started.waitFor(/Demo MCP server URL \(shown once\): (http:\/\/\S+)/))[1]!.startsWith(`http://localhost:${port}/mcp/rrmcp_`)).toBe(true);
    expect((await get(port, '/integrated-account', { host: lan, authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(421);
  }, 40_000);
});

/** A GET to this machine's port with the headers given, `Host` included (fetch would not send a `Host` of the caller's choosing). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
