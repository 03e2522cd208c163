import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** The program as a person meets it: `--help`, `--version`, and `npm start` stopped through npm. */

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
const entry = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server.ts', ...args], { cwd: ROOT, env: { ...process.env, PORT: 'not-a-port' } });

describe('--help and --version', () => {
  it('--help prints the usage and exits 0 without starting, whatever the environment', async () => {
    // PORT is invalid: a start would refuse it, so exiting 0 shows nothing was started.
    const { stdout } = await entry('--help');
    expect(stdout).toMatch(/^roserocket-mcp \d+\.\d+\.\d+: /);
    for (const flag of ['--stdio', '--methods', '--tags', '--port', '--host', '--data-dir', '--version', 'ADMIN_API_KEY']) expect(stdout).toContain(flag);
  }, 30_000);

  it('--version prints the package version alone', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await entry('--version');
    expect(stdout).toBe(`${manifest.version}\n`);
  }, 30_000);
});

/** Every process below `pid`, from /proc (Linux, where CI runs). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command may hold spaces and parentheses; the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

async function npmStart(dataDir: string): Promise<{ npm: ChildProcess; base: string }> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  npm.stderr!.on('data', (chunk) => (stderr += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 30 s; stderr:\n${stderr}`)), 30_000);
    npm.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match && stdout.includes('Create a read-only MCP server URL')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    npm.once('exit', (code) => reject(new Error(`npm exited with ${code}; stderr:\n${stderr}`)));
  });
  return { npm, base };
}

describe.runIf(process.platform === 'linux')('npm start, stopped by a signal sent to npm', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s leaves no process behind, and the port is closed', async (signal) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rrmcp-npm-signal-'));
    const { npm, base } = await npmStart(dataDir);
    const below = descendants(npm.pid!);
    try {
      expect(below.length, 'npm started the gateway').toBeGreaterThan(0);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      const exited = new Promise((resolve) => npm.once('exit', resolve));
      npm.kill(signal);
      await exited;
      const deadline = Date.now() + 5_000;
      while (below.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(below.filter(alive), 'processes npm started that outlived it').toEqual([]);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow(/fetch failed/);
    } finally {
      for (const pid of below.filter(alive)) process.kill(pid, 'SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
