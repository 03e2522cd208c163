import { statSync } from 'node:fs';
import { link, mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createStorage, type Driver } from 'unstorage';
import { randomId } from '../crypto.ts';
import { deepFreeze } from './frozen.ts';
import { assertKey, storeFromUnstorage, type Store } from './store.ts';

/**
 * The embedded default: one JSON file per key under a data folder, no server.
 *
 * unstorage's own fs drivers write in place, so a crash mid-write can leave a
 * torn file. This driver writes a temporary file, fsyncs it, renames it over
 * the target and fsyncs the folder: after a SIGKILL or a power cut each file
 * holds the old document or the new one. Create-if-absent hard-links the
 * finished temp file to the target, which the kernel refuses if it exists.
 *
 * One process owns a data folder: conditional writes are serialised per key
 * inside this process; several instances need the Redis store.
 */

const SUFFIX = '.json';
/** Temp files start with a dot, so listings never mistake them for records. */
const TEMP_MARK = '.tmp-';
/** A temp file this old was left by a killed process, not by a write in flight. */
const STALE_TEMP_MS = 60_000;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Serialises async work per key, so check-then-write sequences on one key don't interleave. */
class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}

/** A document as unstorage's own parsing would give it: JSON when it parses, the text otherwise. */
function parseDocument(text: string): unknown {
  try {
    return deepFreeze(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Reads are on every MCP request's path (the token's record, its account).
 * A file's document is remembered with its inode: every write renames a new
 * file into place, so an unchanged inode is unchanged content, and one
 * `stat` replaces the open-fstat-read-close of a read. The stat is
 * synchronous on purpose: it takes microseconds on the local data folder,
 * where an async one is a thread-pool round trip.
 *
 * Within `FRESH_MS` of its last stat a file is not asked again: this
 * process's own writes forget the file at once, so a window only delays
 * seeing a change made by another process (a second instance over the same
 * folder, which is not how several instances are meant to share records:
 * that is Redis). Two stats per request were ~9% of a tool call's CPU.
 *
 * The document is parsed once and kept frozen, so an unchanged file hands
 * out the same object: readers cannot change it, and `readRecord` validates
 * it once rather than on every request.
 */
class ReadCache {
  static readonly MAX_ENTRIES = 10_000;
  static readonly FRESH_MS = 1_000;
  readonly #entries = new Map<string, { ino: number; size: number; mtimeMs: number; value: unknown; checkedAt: number }>();
  /** Bumped by every forget, so a read that overlapped a write does not remember what it saw. */
  #generation = 0;

  constructor(private readonly now: () => number) {}

  async get(path: string): Promise<unknown> {
    const known = this.#entries.get(path);
    const now = this.now();
    if (known && now - known.checkedAt < ReadCache.FRESH_MS) return known.value;
    const generation = this.#generation;
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) {
      this.#entries.delete(path);
      return null;
    }
    if (known && known.ino === info.ino && known.size === info.size && known.mtimeMs === info.mtimeMs) {
      known.checkedAt = now;
      return known.value;
    }
    const text = await readFile(path, 'utf8').catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)));
    if (text === null) return null;
    const value = parseDocument(text);
    // Replaced between the stat and the read? Then the stat is older than the text, and the next stat re-reads.
    if (generation !== this.#generation) return value;
    if (this.#entries.size >= ReadCache.MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(path, { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, value, checkedAt: now });
    return value;
  }

  /** After this process wrote or removed the file. */
  forget(path?: string): void {
    this.#generation++;
    if (path === undefined) this.#entries.clear();
    else this.#entries.delete(path);
  }
}

async function syncFolder(folder: string): Promise<void> {
  // Makes the rename itself durable. Some platforms (Windows) cannot open a folder; the rename is still atomic there.
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Same as above: durability is best effort where the platform refuses.
  } finally {
    await handle.close();
  }
}

async function writeTemp(target: string, json: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `${TEMP_MARK}${randomId()}-${basename(target)}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(json, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

async function listKeys(folder: string, keyPrefix: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const keys: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) keys.push(...(await listKeys(join(folder, entry.name), `${keyPrefix}${entry.name}:`)));
    else if (entry.name.endsWith(SUFFIX)) keys.push(keyPrefix + entry.name.slice(0, -SUFFIX.length));
  }
  return keys;
}

async function removeStaleTemps(folder: string, now: number): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await removeStaleTemps(path, now);
    else if (entry.name.startsWith(TEMP_MARK)) {
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  }
}

export interface FsStoreOptions {
  /** The data folder; created if missing. */
  dir: string;
  /** Epoch ms, for the read cache's freshness window; tests move it. */
  now?: () => number;
}

export async function createFsStore({ dir, now = Date.now }: FsStoreOptions): Promise<Store> {
  const base = resolve(dir);
  await mkdir(base, { recursive: true });
  await removeStaleTemps(base, Date.now());

  const lock = new KeyedLock();
  const reads = new ReadCache(now);
  /** Runs a write under the key's lock; the read cache forgets the file once it is done, failed or not. */
  const write = <T>(path: string, work: () => Promise<T>) => lock.run(path, () => work().finally(() => reads.forget(path)));
  /** Each key's file, worked out once: reads ask for the same few keys on every request. */
  const paths = new Map<string, string>();
  const pathOf = (key: string) => {
    let path = paths.get(key);
    if (path === undefined) {
      assertKey(key);
      path = join(base, ...key.split(':')) + SUFFIX;
      if (paths.size >= ReadCache.MAX_ENTRIES) paths.delete(paths.keys().next().value!);
      paths.set(key, path);
    }
    return path;
  };
  const exists = (path: string) => stat(path).then(() => true, (error: unknown) => (isMissing(error) ? false : Promise.reject(error)));

  async function writeAtomically(path: string, json: string): Promise<void> {
    const temp = await writeTemp(path, json);
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(dirname(path));
  }

  const driver: Driver = {
    name: 'atomic-fs',
    async hasItem(key: string) {
      return exists(pathOf(key));
    },
    async getItem(key: string) {
      return reads.get(pathOf(key));
    },
    async setItem(key: string, value: string) {
      const path = pathOf(key);
      await write(path, () => writeAtomically(path, value));
    },
    async removeItem(key: string) {
      const path = pathOf(key);
      await write(path, async () => {
        await unlink(path).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
        await syncFolder(dirname(path));
      });
    },
    async getKeys(prefix: string) {
      // unstorage hands the prefix as `a:b:` and filters the result by it; start the walk at its folder.
      const segments = prefix.split(':').filter(Boolean);
      return listKeys(join(base, ...segments), segments.map((s) => `${s}:`).join(''));
    },
    async clear() {
      try {
        await rm(base, { recursive: true, force: true });
        await mkdir(base, { recursive: true });
      } finally {
        reads.forget();
      }
    },
  };

  return storeFromUnstorage(createStorage({ driver }), {
    get: (key) => reads.get(pathOf(key)),
    setIfAbsent(key, json) {
      const path = pathOf(key);
      return write(path, async () => {
        const temp = await writeTemp(path, json);
        try {
          await link(temp, path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw error;
        } finally {
          await rm(temp, { force: true });
        }
        await syncFolder(dirname(path));
        return true;
      });
    },
    replace(key, json) {
      const path = pathOf(key);
      return write(path, async () => {
        if (!(await exists(path))) return false;
        await writeAtomically(path, json);
        return true;
      });
    },
  });
}
