/**
 * A value loaded on first use and kept for `ttlMs`. One load runs at a time
 * however many callers wait on it; after the TTL the stale value is served
 * while a refresh runs, so a slow upstream never stalls a `tools/list`. A
 * failed load is not cached: the next caller tries again.
 */
export interface Cached<T> {
  get(): Promise<T>;
  /** The value if one was loaded, without waiting or loading. */
  peek(): T | undefined;
  invalidate(): void;
}

export function cached<T>(load: () => Promise<T>, ttlMs: number, now: () => number = Date.now): Cached<T> {
  let value: { data: T; at: number } | undefined;
  let inflight: Promise<T> | undefined;

  const refresh = () => {
    inflight ??= load().then(
      (data) => {
        value = { data, at: now() };
        inflight = undefined;
        return data;
      },
      (error: unknown) => {
        inflight = undefined;
        throw error;
      },
    );
    return inflight;
  };

  return {
    async get() {
      if (!value) return refresh();
      if (now() - value.at >= ttlMs) refresh().catch(() => {}); // keep serving the stale value
      return value.data;
    },
    peek: () => value?.data,
    invalidate() {
      value = undefined;
    },
  };
}

/** One `Cached` per key, made on demand. */
export function cachedByKey<T>(load: (key: string) => Promise<T>, ttlMs: number, now?: () => number) {
  const entries = new Map<string, Cached<T>>();
  return {
    get(key: string): Promise<T> {
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = cached(() => load(key), ttlMs, now)));
      return entry.get();
    },
    invalidate(key?: string) {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}
