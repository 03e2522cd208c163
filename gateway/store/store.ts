import type { Storage } from 'unstorage';
import type { SharedCounter } from '../rate-limiter.ts';

/**
 * The one key-value interface every record lives behind.
 *
 * Keys are `:`-separated segments of `[A-Za-z0-9_-]` (`mcp:by-token:<hash>`);
 * values are JSON documents, each written whole in one step by every backend,
 * so a reader sees the old value or the new one, never a mix. There are no
 * multi-key transactions: the records order their writes so a crash between
 * two keys leaves nothing reachable and half-made (see records/keys.ts).
 */
export interface Store {
  /**
   * The parsed value, or `null` when the key is absent. Read-only: a backend
   * may hand every reader the same frozen object while the document is unchanged.
   */
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /** Writes only if the key does not exist yet; `false` when it did. Atomic. */
  setIfAbsent(key: string, value: unknown): Promise<boolean>;
  /** Writes only if the key still exists; `false` when it did not. Atomic, so an update can't resurrect a deleted record. */
  replace(key: string, value: unknown): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (whole segments: `mcp` matches `mcp:x`, not `mcp-x`). */
  keys(prefix: string): Promise<string[]>;
  /** Resolves when the backend answers; for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * On Redis only: its connection and this store's namespace, for what
   * instances sharing the store must also share beyond records (the
   * gateway's rate limits, counted by rate-limiter-flexible).
   */
  redis?: SharedCounter;
}

const KEY = /^[A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)*$/;

/** A key that could escape its namespace (or a folder, on disk) is a bug, never data. */
export function assertKey(key: string): void {
  if (!KEY.test(key)) {
    throw new TypeError(`store key ${JSON.stringify(key)} must be ':'-separated segments of [A-Za-z0-9_-]`);
  }
}

/** What unstorage's driver API lacks, supplied per backend. */
export interface BackendExtras {
  /** Atomic conditional writes. */
  setIfAbsent(key: string, json: string): Promise<boolean>;
  replace(key: string, json: string): Promise<boolean>;
  /**
   * A read that skips unstorage's layers (key normalisation, mounts, promise
   * wrapping: ~10 µs a read), for a backend whose reads are otherwise only a
   * memory look-up. Every MCP request makes two.
   */
  get?(key: string): Promise<unknown>;
}

/**
 * A `Store` over an unstorage `Storage` (memory, Redis, the atomic fs driver;
 * Deno KV and others plug in the same way).
 */
export function storeFromUnstorage(
  storage: Storage,
  conditional: BackendExtras,
  ping: () => Promise<void> = async () => {
    await storage.hasItem('ping');
  },
): Store {
  return {
    async get(key) {
      assertKey(key);
      return (await (conditional.get ? conditional.get(key) : storage.getItem(key))) ?? null;
    },
    async set(key, value) {
      assertKey(key);
      await storage.setItem(key, JSON.stringify(value));
    },
    async setIfAbsent(key, value) {
      assertKey(key);
      return conditional.setIfAbsent(key, JSON.stringify(value));
    },
    async replace(key, value) {
      assertKey(key);
      return conditional.replace(key, JSON.stringify(value));
    },
    async delete(key) {
      assertKey(key);
      await storage.removeItem(key);
    },
    async keys(prefix) {
      assertKey(prefix);
      return storage.getKeys(prefix);
    },
    ping,
    async close() {
      await storage.dispose();
    },
  };
}
