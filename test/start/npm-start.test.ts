import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';

/** `npm start` as a user runs it: the entry in its own process, on a free port. */
interface Started {
  child: ChildProcess;
  stdout: string;
  demoUrl: string | null;
  base: string;
}

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

async function start(env: Record<string, string>): Promise<Started> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rrmcp-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s; stderr:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('Create a read-only MCP server URL')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}; stderr:\n${stderr}`)));
  });
  const base = /listening on (http:\/\/\S+)/.exec(stdout)![1]!;
  return { child, stdout, base, demoUrl: /^\s+(http:\/\/\S+\/mcp\/\S+)$/m.exec(stdout)?.[1] ?? null };
}

async function getErp992(url: string) {
  const client = new Client({ name: 'npm-start-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const result = await client.callTool({ name: 'get_single_roserocket_objects_external_by_id', arguments: { object_key: 'Order', external_id: 'ERP-992' } });
    return result as unknown as { isError?: boolean; structuredContent: { externalId: string; objectKey: string } };
  } finally {
    await client.close();
  }
}

describe('npm start', () => {
  it('with no credentials, serves the embedded mock and prints a working demo URL and Claude Desktop entry', async () => {
    const started = await start({});
    expect(started.stdout).toContain('embedded mock Rose Rocket');
    expect(started.demoUrl).toMatch(/\/mcp\/rrmcp_/);
    const entry = JSON.parse(/claude_desktop_config\.json:\n([\s\S]+?\n  \})\n/.exec(started.stdout)![1]!);
    expect(entry.mcpServers.roserocket).toEqual({ command: 'npx', args: ['-y', 'mcp-remote', started.demoUrl] });
    expect(started.stdout).toMatch(/Admin API token .*\n\s+rrapi_/);

    const result = await getErp992(started.demoUrl!);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
  }, 40_000);

  it('with ROSEROCKET_* set, talks to that Rose Rocket and makes no demo URL', async () => {
    // A stand-in for the real service, reached over HTTP like the real one.
    const mock = createMockRoseRocket();
    const upstreamPaths: string[] = [];
    const upstream: ServerType = await new Promise((resolve) => {
      const fetch = (request: Request) => (upstreamPaths.push(new URL(request.url).pathname), mock.fetch(request));
      const s = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    running.push(() => new Promise((resolve) => upstream.close(() => resolve())));
    const address = upstream.address() as { port: number };
    const origin = `http://127.0.0.1:${address.port}`;

    const adminKey = 'npm-start-admin-key-0123456789';
    const started = await start({
      ROSEROCKET_CLIENT_ID: DEMO_ORG.clientId,
      ROSEROCKET_CLIENT_SECRET: DEMO_ORG.clientSecret,
      ROSEROCKET_ORG_ID: DEMO_ORG.orgId,
      ROSEROCKET_USER_ID: DEMO_ORG.userId,
      ROSEROCKET_API_URL: `${origin}/api/v2/platformModel`,
      ROSEROCKET_AUTH_URL: origin,
      ADMIN_API_KEY: adminKey,
    });
    expect(started.stdout).not.toContain('embedded mock');
    expect(started.demoUrl).toBeNull();
    expect(started.stdout).not.toContain('Admin API token'); // chosen by the operator, never printed
    expect(started.stdout).not.toContain(DEMO_ORG.clientSecret);

    const created = await fetch(`${started.base}/integrated-account/default/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'dispatch', config: { methods: ['read'] } }),
    });
    expect(created.status).toBe(201);
    const { token, url } = (await created.json()) as { token: string; url: string };
    expect(url).toBe(`${started.base}/mcp/${token}`); // the port the OS chose, not PORT=0
    const result = await getErp992(`${started.base}/mcp/${token}`);
    expect(result.structuredContent.externalId).toBe('ERP-992');
    // Answered by the Rose Rocket it was pointed at, not by an embedded one.
    expect(upstreamPaths).toContain('/api/v2/platformModel/objects/order/ERP-992/external');
  }, 40_000);
});
