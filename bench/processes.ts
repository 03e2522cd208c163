import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Usage } from './probe.ts';

/**
 * The process tree of a run: each measured server is a child of the
 * benchmark with its own event loop, so its CPU time and memory are its own.
 * Children speak to the parent over IPC only to report their port and usage.
 */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  name: string;
  process: ChildProcess;
  /** `http://127.0.0.1:<port>` once listening. */
  url: string;
  usage(): Promise<Usage>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** The JavaScript module to run (see bundle.ts) and its arguments. */
  script: string;
  /** The bundled probe.ts, loaded before the script. */
  probe: string;
  args?: string[];
  env?: Record<string, string>;
  /** Where the child's stderr goes (its logs): a file, so the parent spends nothing draining it. */
  logFile: string;
  /** A fixed port the child was told to use; otherwise the child reports the one it got over IPC. */
  port?: number;
  /** Extra node flags (`--cpu-prof`, …). */
  nodeFlags?: string[];
}

/** A port that was free a moment ago, for programs that take `PORT` rather than reporting one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function spawnChild(options: SpawnOptions): Promise<Child> {
  const log = openSync(options.logFile, 'a');
  const child = fork(options.script, options.args ?? [], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    execArgv: ['--import', pathToFileURL(options.probe).href, ...(options.nodeFlags ?? [])],
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log); // the child holds its own copy
  const pending = new Map<number, (usage: Usage) => void>();
  let nextId = 0;
  child.on('message', (message: { type: string; id?: number; usage?: Usage }) => {
    if (message.type === 'usage' && message.id !== undefined) {
      pending.get(message.id)?.(message.usage!);
      pending.delete(message.id);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port =
    options.port ??
    (await new Promise<number>((resolve, reject) => {
      child.on('message', (message: { type: string; port?: number }) => {
        if (message.type === 'listening') resolve(message.port!);
      });
      void exited.then((code) => reject(new Error(`${options.name} exited (${code}) before listening; see ${options.logFile}`)));
    }));
  const url = `http://127.0.0.1:${port}`;
  if (options.port !== undefined) await waitForHttp(`${url}/healthz`, exited, options);

  return {
    name: options.name,
    process: child,
    url,
    usage: () =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.send({ type: 'usage', id });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForHttp(url: string, exited: Promise<unknown>, options: SpawnOptions): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${options.name} exited before answering; see ${options.logFile}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${options.name} did not answer ${url} within 30 s; see ${options.logFile}`);
}
