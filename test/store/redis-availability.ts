import { spawnSync } from 'node:child_process';
import process from 'node:process';

/** Whether the Redis-backed tests run: where `redis-server` is installed, or where CI requires them (REQUIRE_REDIS_TESTS=1). */
export const REDIS_TESTS = (() => {
  const installed = spawnSync('redis-server', ['--version']).error === undefined;
  const required = process.env.REQUIRE_REDIS_TESTS === '1';
  return { installed, required, run: installed || required };
})();
