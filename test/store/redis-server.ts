import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { REDIS_TESTS } from './redis-availability.ts';

/**
 * A real, throwaway `redis-server` for the Redis backend's tests: a free port
 * on 127.0.0.1, no persistence, its own folder.
 *
 * Those tests run when `redis-server` is on the PATH and are skipped when it
 * is not, so `npm install && npm test` passes on a fresh machine; the run
 * then says so (test/support/redis-notice.ts). CI sets REQUIRE_REDIS_TESTS=1,
 * which makes a missing redis-server a failure instead.
 */
export { REDIS_TESTS };

/** `describe` for suites that need a real Redis: skipped, visibly, where none is installed and none is required. */
export const describeRedis = REDIS_TESTS.run ? describe : describe.skip;

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed; the Redis store tests need it (Debian: apt-get install -y redis-server)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'rrmcp-redis-'));
  for (let attempt = 1; ; attempt++) {
    // The port is free when asked for but could be taken before redis binds it; try again then.
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForReady(child);
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      async stop() {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
