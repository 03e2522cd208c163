import { createFsStore } from './fs.ts';
import { createMemoryStore } from './memory.ts';
import type { Store } from './store.ts';

export type { Store } from './store.ts';

/** Where records live: chosen once from configuration at start. */
export type StoreConfig =
  | { kind: 'memory' }
  | { kind: 'fs'; dir: string }
  | { kind: 'redis'; url: string; prefix?: string };

export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'memory':
      return createMemoryStore();
    case 'fs':
      return createFsStore({ dir: config.dir });
    case 'redis':
      // ioredis is loaded only when Redis is configured: it is a good share of start-up.
      return (await import('./redis.ts')).createRedisStore(config);
  }
}
