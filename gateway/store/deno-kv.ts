import { createStorage } from 'unstorage';
import denoKvDriver from 'unstorage/drivers/deno-kv';
import { storeFromUnstorage, type Store } from './store.ts';

/**
 * Deno KV, for Deno Deploy, where the filesystem is read-only and every
 * isolate of a deployment sees the same KV database. unstorage's `deno-kv`
 * driver does the plain reads and writes; the conditional writes use KV's
 * own atomic check on the entry's versionstamp, so they hold across isolates
 * (the fs store's in-process lock would not).
 */

type KvKey = readonly string[];
interface KvEntry {
  value: unknown;
  /** null when the key is absent. */
  versionstamp: string | null;
}
interface KvAtomic {
  check(...checks: { key: KvKey; versionstamp: string | null }[]): KvAtomic;
  set(key: KvKey, value: unknown): KvAtomic;
  commit(): Promise<{ ok: boolean }>;
}
/** The slice of `Deno.Kv` used here; the project builds without Deno's types. */
export interface DenoKv {
  get(key: KvKey): Promise<KvEntry>;
  atomic(): KvAtomic;
  close(): void;
}

export interface DenoKvStoreOptions {
  /** `() => Deno.openKv()`; passed in so this module touches no globals. */
  openKv: () => Promise<DenoKv>;
  /** First key part of every entry, so one KV database can hold other data too. */
  prefix?: string;
}

export function createDenoKvStore({ openKv, prefix = 'rrmcp' }: DenoKvStoreOptions): Store {
  // The driver's own key layout (prefix, then the `:`-separated segments), so both paths meet on one entry.
  const driver = denoKvDriver({ base: prefix, openKv: openKv as never });
  const kv = () => driver.getInstance!() as Promise<DenoKv>;
  const kvKey = (key: string): KvKey => [prefix, ...key.split(':')];

  return storeFromUnstorage(createStorage({ driver }), {
    async setIfAbsent(key, json) {
      const entry = kvKey(key);
      const { ok } = await (await kv()).atomic().check({ key: entry, versionstamp: null }).set(entry, json).commit();
      return ok;
    },
    async replace(key, json) {
      const db = await kv();
      const entry = kvKey(key);
      // A failed check means another writer got in between: look again, and stop once the key is gone.
      for (;;) {
        const current = await db.get(entry);
        if (current.versionstamp === null) return false;
        const { ok } = await db.atomic().check({ key: entry, versionstamp: current.versionstamp }).set(entry, json).commit();
        if (ok) return true;
      }
    },
  });
}
