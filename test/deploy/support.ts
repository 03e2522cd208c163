import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../scripts/build.ts';

/**
 * What the deploy tests share: a bundle of their own, a started process that
 * is always stopped, and the MCP round trip a user would make first.
 */

export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
export const DENO = join(REPO_ROOT, 'node_modules/.bin/deno');

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A fresh bundle in its own folder, so test files running in parallel never read one being rewritten. */
export async function freshBundle(): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await tempDir('rrmcp-bundle-');
  return { file: await buildBundle(join(dir.path, 'roserocket-mcp.js')), remove: dir.remove };
}

export interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The first match of the ready pattern in stdout. */
  ready: RegExpExecArray;
  /** Waits for more output to match (stdout unless told). */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

/**
 * Spawns a command in its own process group and waits until stdout matches
 * `ready` (stderr with `readyOn`). `stop` signals that group (the process this started, and any it
 * started itself, as `npm exec` does), then waits for the exit.
 */
export async function startProcess(command: string, args: string[], options: { env: Record<string, string>; cwd?: string; ready: RegExp; readyOn?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<Started> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const ms = options.timeoutMs ?? 20_000;
      const source = stream === 'stdout' ? child.stdout! : child.stderr!;
      const check = () => {
        const match = pattern.exec(stream === 'stdout' ? out : err);
        if (!match) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const onExit = () => {
        if (!check()) {
          cleanup();
          reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} from ${command} within ${ms} ms; stdout:\n${out}\nstderr:\n${err}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        source.off('data', check);
        child.off('exit', onExit);
      };
      if (check()) return;
      source.on('data', check);
      child.once('exit', onExit);
    });

  try {
    const ready = await waitFor(options.ready, options.readyOn);
    return { child, stdout: () => out, stderr: () => err, ready, waitFor, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The banner's demo URL, the line under "Demo MCP server URL". */
export const DEMO_URL = /^\s+(http:\/\/\S+\/mcp\/rrmcp_\S+)$/m;

export interface Erp992 {
  isError?: boolean;
  structuredContent?: { objectKey?: string; externalId?: string };
}

/** The article's first call: order ERP-992 by its external id, through the legacy-era SDK client. */
export async function fetchErp992(url: string, fetch?: typeof globalThis.fetch): Promise<{ tools: string[]; result: Erp992 }> {
  const client = new Client({ name: 'deploy-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), fetch ? { fetch } : undefined));
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'get_single_roserocket_objects_external_by_id', arguments: { object_key: 'Order', external_id: 'ERP-992' } });
    return { tools: tools.map((t) => t.name), result: result as Erp992 };
  } finally {
    await client.close();
  }
}

/** The tool names an MCP server URL lists. */
export async function listToolNames(url: string, fetch?: typeof globalThis.fetch): Promise<string[]> {
  const client = new Client({ name: 'deploy-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), fetch ? { fetch } : undefined));
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}
