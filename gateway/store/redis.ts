import type { Redis } from 'ioredis';
import { createStorage, joinKeys } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { storeFromUnstorage, type Store } from './store.ts';

export interface RedisStoreOptions {
  /** `redis://[:password@]host:port[/db]` */
  url: string;
  /** Namespace for every key, so one Redis can hold several gateways. */
  prefix?: string;
}

/**
 * Redis, for several gateway instances behind a load balancer: every read
 * goes to Redis (no per-instance cache), so a revocation on one instance is
 * seen by all at once.
 */
export function createRedisStore({ url, prefix = 'rrmcp' }: RedisStoreOptions): Store {
  const driver = redisDriver({
    url,
    base: prefix,
    // Fail a command after a short retry instead of queueing it forever while Redis is down,
    // so requests and readiness checks answer rather than hang.
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
  });
  const client = () => driver.getInstance!() as Redis;
  const full = (key: string) => joinKeys(prefix, key);
  const store = storeFromUnstorage(
    createStorage({ driver }),
    {
      async setIfAbsent(key, json) {
        return (await client().set(full(key), json, 'NX')) === 'OK';
      },
      async replace(key, json) {
        return (await client().set(full(key), json, 'XX')) === 'OK';
      },
    },
    async () => {
      await client().ping();
    },
  );
  return {
    ...store,
    get redis() {
      return { client: client(), prefix };
    },
  };
}
