import process from 'node:process';
import { REDIS_TESTS } from '../store/redis-availability.ts';

/**
 * Vitest global setup: says, before the tests and again after them, that the
 * Redis-backed tests were skipped because no `redis-server` is installed, so
 * a green run on a machine without Redis never reads as a full one.
 */
const NOTICE =
  '\n*** Redis-backed tests SKIPPED: redis-server is not on the PATH. ' +
  'Install it (Debian/Ubuntu: apt-get install -y redis-server) to run them; CI requires them (REQUIRE_REDIS_TESTS=1). ***\n\n';

export default function setup(): (() => void) | undefined {
  if (REDIS_TESTS.run) return undefined;
  process.stderr.write(NOTICE);
  return () => void process.stderr.write(NOTICE);
}
