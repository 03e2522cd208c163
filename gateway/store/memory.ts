import { createStorage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { storeFromUnstorage, type Store } from './store.ts';

/** An in-process store for tests and throwaway runs; nothing survives the process. */
export function createMemoryStore(): Store {
  const driver = memoryDriver();
  const data = driver.getInstance!() as Map<string, string>;
  // Map operations are synchronous, so check-and-write cannot interleave with another request.
  return storeFromUnstorage(createStorage({ driver }), {
    async setIfAbsent(key, json) {
      if (data.has(key)) return false;
      data.set(key, json);
      return true;
    },
    async replace(key, json) {
      if (!data.has(key)) return false;
      data.set(key, json);
      return true;
    },
  });
}
