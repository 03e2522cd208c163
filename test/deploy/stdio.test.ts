import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../tools/index.ts';
import { freshBundle, REPO_ROOT, tempDir } from './support.ts';
import { toolNames } from '../support/tool-names.ts';

/**
 * `--stdio` as Claude Desktop runs it: the entry spawned as a `command`, the
 * SDK's stdio client on its stdin/stdout, the embedded mock behind it.
 */

let bundle: Awaited<ReturnType<typeof freshBundle>>;
let data: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  [bundle, data] = await Promise.all([freshBundle(), tempDir('rrmcp-stdio-')]);
}, 60_000);
afterAll(async () => {
  await bundle?.remove();
  await data?.remove();
});

const env = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: data.path });

async function connect(args: string[]) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bundle.file, '--stdio', ...args], env: env(), cwd: data.path, stderr: 'pipe' });
  let stderr = '';
  transport.stderr!.on('data', (chunk) => (stderr += chunk));
  const transportErrors: Error[] = [];
  transport.onerror = (error) => transportErrors.push(error);
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, transportErrors };
}

describe('--stdio', () => {
  it('lists every tool and answers a call against the embedded mock, logging only to stderr', async () => {
    const { client, stderr, transportErrors } = await connect([]);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(TOOLS.map((t) => t.name).sort());
      const result = (await client.callTool({ name: 'get_single_roserocket_objects_external_by_id', arguments: { object_key: 'Order', external_id: 'ERP-992' } })) as {
        isError?: boolean;
        structuredContent: Record<string, unknown>;
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
      expect(stderr()).toContain('"msg":"stdio_ready"');
      // A stray line on stdout would have reached the client as a parse error.
      expect(transportErrors).toEqual([]);
    } finally {
      await client.close();
    }
    // Nothing to keep: no key file, no records in the data folder.
    expect(await readdir(data.path)).toEqual([]);
  }, 30_000);

  it('with --methods read lists no tool that changes anything, and refuses to call one', async () => {
    const { client } = await connect(['--methods', 'read']);
    try {
      const { tools } = await client.listTools();
      const writes = TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
      expect(tools.length).toBe(TOOLS.length - writes.length);
      expect(tools.filter((t) => writes.includes(t.name) || t.annotations?.readOnlyHint !== true)).toEqual([]);
      const call = client
        .callTool({ name: 'create_a_roserocket_event', arguments: { object_key: 'order', recordId: 'x', type: 'note', json: {} } })
        .then((r) => r as { isError?: boolean; content: { text?: string }[] });
      const outcome = await call.then(
        (r) => ({ isError: r.isError === true, text: r.content.map((c) => c.text ?? '').join('') }),
        (error: Error) => ({ isError: true, text: error.message }),
      );
      expect(outcome.isError).toBe(true);
      expect(outcome.text).toMatch(/does not allow create_a_roserocket_event: its method create \(it changes data\) is not among the methods allowed \(read\)/);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('writes only protocol to stdout and exits once its stdin closes', async () => {
    const child = spawn(process.execPath, [bundle.file, '--stdio', '--tags', 'events'], { env: env(), cwd: data.path, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('"id":1') && resolve()));
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('"id":2') && resolve()));
    child.stdin.end();
    expect(await exited).toBe(0);

    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result: { tools?: { name: string }[] } });
    expect(lines.map((l) => [l.jsonrpc, l.id])).toEqual([
      ['2.0', 1],
      ['2.0', 2],
    ]);
    expect(lines[1]!.result.tools!.map((t) => t.name)).toEqual(toolNames({ tag: 'events' }));
  }, 30_000);

  it('refuses a filter it does not know, on stderr, before serving', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--stdio', '--methods', 'reed'], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: data.path } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--methods: unknown reed; known: read, write/);
  }, 30_000);
});
