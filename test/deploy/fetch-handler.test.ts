import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchErp992, freshBundle, listToolNames, tempDir } from './support.ts';
import { toolNames } from '../support/tool-names.ts';

/**
 * The bundle's default export `{ fetch }`, imported as a fetch-handler host
 * imports it: no listener, no program run, configuration read on the first
 * request. Requests go straight to the handler, never over a socket.
 */

interface FetchHandler {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

const ADMIN_KEY = 'fetch-handler-admin-key-0123456789';
// Not told its public address, the gateway answers loopback names only (gateway/host-check.ts).
const ORIGIN = 'http://localhost:8787';

let bundle: Awaited<ReturnType<typeof freshBundle>>;
let data: Awaited<ReturnType<typeof tempDir>>;
let handler: FetchHandler;
const printed: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  bundle = await freshBundle();
  data = await tempDir('rrmcp-fetch-');
  Object.assign(process.env, { DATA_DIR: data.path, ADMIN_API_KEY: ADMIN_KEY });
  for (const name of ['PORT', 'HOST', 'PUBLIC_URL', 'STORE', 'REDIS_URL', 'ROSEROCKET_CLIENT_ID', 'ROSEROCKET_CLIENT_SECRET', 'ROSEROCKET_ORG_ID', 'ROSEROCKET_USER_ID']) delete process.env[name];
  // The one-time notices go to stdout; keep them for the assertions instead.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  handler = ((await import(pathToFileURL(bundle.file).href)) as { default: FetchHandler }).default;
}, 60_000);

afterAll(async () => {
  await handler?.close();
  vi.restoreAllMocks();
  process.env = saved;
  await data?.remove();
  await bundle?.remove();
});

const admin = (path: string, init: RequestInit = {}) =>
  handler.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...init.headers } }));

describe('the default export { fetch }', () => {
  it('starts nothing on import: no files, no output, until the first request', async () => {
    expect(typeof handler.fetch).toBe('function');
    expect(await readdir(data.path)).toEqual([]);
    expect(printed).toEqual([]);
  });

  it('starts once for requests that arrive together, and answers all of them', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => handler.fetch(new Request(`${ORIGIN}/healthz`))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(printed.join('').match(/Demo MCP server URL/g)).toHaveLength(1);
    expect(await readdir(data.path)).not.toEqual([]);
  });

  it('names itself by the address it was reached at, and serves the embedded mock through a real MCP client', async () => {
    const demoUrl = /Demo MCP server URL \(shown once\): (\S+)/.exec(printed.join(''))![1]!;
    expect(demoUrl.startsWith(`${ORIGIN}/mcp/rrmcp_`)).toBe(true);
    const { result } = await fetchErp992(demoUrl, (input, init) => handler.fetch(new Request(input, init)));
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
  });

  it('serves the admin API, whose URLs point at the same address', async () => {
    const created = await admin('/integrated-account/default/mcp', {
      method: 'POST',
      body: JSON.stringify({ name: 'events only', config: { methods: ['read'], tags: ['events'] } }),
    });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    expect(url.startsWith(`${ORIGIN}/mcp/`)).toBe(true);
    expect(await listToolNames(url, (input, init) => handler.fetch(new Request(input, init)))).toEqual(toolNames({ tag: 'events', readOnly: true }));
  });
});
