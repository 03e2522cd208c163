import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsStore } from '../../gateway/store/fs.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { createRedisStore } from '../../gateway/store/redis.ts';
import { derivedOnce } from '../../gateway/store/frozen.ts';
import type { Store } from '../../gateway/store/store.ts';
import { describeRedis, startRedisServer, type RedisServer } from './redis-server.ts';

/**
 * One behaviour suite, every backend. `open` gives a fresh, empty namespace;
 * `reopen` gives a second store instance over the same data, as a restart or
 * a second gateway instance would see it.
 */
interface Backend {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  open(): Promise<{ store: Store; reopen?: () => Promise<Store> }>;
}

const opened: Store[] = [];
const track = (store: Store) => (opened.push(store), store);

let redis: RedisServer | undefined;
let folders: string[] = [];
let namespace = 0;

const backends: Backend[] = [
  {
    name: 'memory',
    async setup() {},
    async teardown() {},
    async open() {
      return { store: track(createMemoryStore()) };
    },
  },
  {
    name: 'fs',
    async setup() {},
    async teardown() {
      await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
      folders = [];
    },
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'rrmcp-fs-'));
      folders.push(dir);
      return { store: track(await createFsStore({ dir })), reopen: async () => track(await createFsStore({ dir })) };
    },
  },
  {
    name: 'redis',
    async setup() {
      redis = await startRedisServer();
    },
    async teardown() {
      await redis?.stop();
    },
    async open() {
      const prefix = `suite${++namespace}`;
      const url = redis!.url;
      return { store: track(createRedisStore({ url, prefix })), reopen: async () => track(createRedisStore({ url, prefix })) };
    },
  },
];

function storeSuite(backend: Backend): void {
  beforeAll(() => backend.setup());
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await backend.teardown();
  });

  it('gets what was set, as JSON, and null for a missing key', async () => {
    const { store } = await backend.open();
    const record = { id: 'a1', name: 'Night shift', config: { methods: ['read'], tags: [] }, expires_at: null, n: 3 };
    await store.set('mcp:by-token:abc', record);
    expect(await store.get('mcp:by-token:abc')).toEqual(record);
    expect(await store.get('mcp:by-token:missing')).toBeNull();
  });

  it('overwrites on set and forgets on delete', async () => {
    const { store } = await backend.open();
    await store.set('k:1', { v: 1 });
    await store.set('k:1', { v: 2 });
    expect(await store.get('k:1')).toEqual({ v: 2 });
    await store.delete('k:1');
    expect(await store.get('k:1')).toBeNull();
    await store.delete('k:1');
  });

  it('keeps string values that look like other JSON types as given', async () => {
    const { store } = await backend.open();
    await store.set('k:s', { note: 'true', num: '12', empty: '' });
    expect(await store.get('k:s')).toEqual({ note: 'true', num: '12', empty: '' });
  });

  it('lists keys under a prefix by whole segments', async () => {
    const { store } = await backend.open();
    await store.set('account:a', {});
    await store.set('account:b', {});
    await store.set('account-mcp:x', {});
    await store.set('mcp:by-account:a:s1', {});
    await store.set('mcp:by-account:a:s2', {});
    await store.set('mcp:by-account:ab:s3', {});
    expect((await store.keys('account')).sort()).toEqual(['account:a', 'account:b']);
    expect((await store.keys('mcp:by-account:a')).sort()).toEqual(['mcp:by-account:a:s1', 'mcp:by-account:a:s2']);
    expect(await store.keys('nothing')).toEqual([]);
  });

  it('setIfAbsent writes once and refuses an existing key', async () => {
    const { store } = await backend.open();
    expect(await store.setIfAbsent('claim:x', { by: 'first' })).toBe(true);
    expect(await store.setIfAbsent('claim:x', { by: 'second' })).toBe(false);
    expect(await store.get('claim:x')).toEqual({ by: 'first' });
  });

  it('setIfAbsent lets exactly one of many concurrent writers win', async () => {
    const { store } = await backend.open();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent('claim:race', { by: i })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get('claim:race')).toEqual({ by: winner });
  });

  it('replace updates a present key and never recreates a deleted one', async () => {
    const { store } = await backend.open();
    expect(await store.replace('r:1', { v: 1 })).toBe(false);
    expect(await store.get('r:1')).toBeNull();
    await store.set('r:1', { v: 1 });
    expect(await store.replace('r:1', { v: 2 })).toBe(true);
    expect(await store.get('r:1')).toEqual({ v: 2 });
    await store.delete('r:1');
    expect(await store.replace('r:1', { v: 3 })).toBe(false);
    expect(await store.get('r:1')).toBeNull();
  });

  it('rejects keys that could escape their namespace', async () => {
    const { store } = await backend.open();
    for (const key of ['../etc', 'a:..:b', 'a/b', 'a::b', '', 'a b']) {
      await expect(store.get(key)).rejects.toThrow(/store key/);
      await expect(store.set(key, {})).rejects.toThrow(/store key/);
    }
  });

  it('answers ping', async () => {
    const { store } = await backend.open();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  // Memory has nothing to reopen; the other backends must survive a restart and serve a second instance.
  if (backend.name !== 'memory') it('a new instance over the same data sees everything (restart, second instance)', async () => {
    const { store, reopen } = await backend.open();
    await store.set('account:default', { id: 'default' });
    await store.set('mcp:by-token:h1', { id: 's1' });
    const again = await reopen!();
    expect(await again.get('account:default')).toEqual({ id: 'default' });
    expect((await again.keys('mcp')).sort()).toEqual(['mcp:by-token:h1']);
    await again.delete('mcp:by-token:h1');
    expect(await store.get('mcp:by-token:h1')).toBeNull();
  });
}

describe.each(backends.filter((backend) => backend.name !== 'redis'))('store: $name', storeSuite);
describeRedis.each(backends.filter((backend) => backend.name === 'redis'))('store: $name', storeSuite);

describe('store: fs layout', () => {
  it('leaves no temp files behind and keeps one JSON file per key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-fs-'));
    try {
      const store = await createFsStore({ dir });
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.set('k:same', { i })));
      await store.setIfAbsent('k:same', { lost: true });
      expect(await readdir(join(dir, 'k'))).toEqual(['same.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('store: fs read cache', () => {
  it('hands out one frozen document while the file is unchanged, and the new one after any write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-fs-'));
    try {
      const store = await createFsStore({ dir });
      await store.set('k:doc', { nested: { list: [1] } });
      const first = (await store.get('k:doc')) as { nested: { list: number[] } };
      expect(await store.get('k:doc')).toBe(first);
      expect(Object.isFrozen(first.nested.list)).toBe(true);
      expect(() => first.nested.list.push(2)).toThrow(TypeError);

      // Its own writes are seen at once.
      await store.set('k:doc', { nested: { list: [2] } });
      expect(await store.get('k:doc')).toEqual({ nested: { list: [2] } });
      await store.delete('k:doc');
      expect(await store.get('k:doc')).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("sees another process's rewrite of a file once its freshness window has passed", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-fs-'));
    let now = 1_000_000;
    try {
      const store = await createFsStore({ dir, now: () => now });
      await store.set('k:doc', { v: 1 });
      expect(await store.get('k:doc')).toEqual({ v: 1 });

      // A second instance over the same folder rewrites it: within the window the first still has the old document,
      await (await createFsStore({ dir })).set('k:doc', { v: 2 });
      now += 999;
      expect(await store.get('k:doc')).toEqual({ v: 1 });
      // and after it, the new one.
      now += 1;
      expect(await store.get('k:doc')).toEqual({ v: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('derivedOnce', () => {
  it('derives once per frozen object, an absent result included, and afresh for an object its owner may still change', () => {
    const calls: object[] = [];
    const derive = derivedOnce((value: { n: number }) => {
      calls.push(value);
      return value.n > 0 ? value.n * 2 : undefined;
    });
    const shared = Object.freeze({ n: 2 });
    const none = Object.freeze({ n: 0 });
    const own = { n: 3 };
    expect([derive(shared), derive(shared), derive(none), derive(none)]).toEqual([4, 4, undefined, undefined]);
    expect([derive(own), derive(own)]).toEqual([6, 6]);
    own.n = 4;
    expect(derive(own)).toBe(8);
    expect(calls).toEqual([shared, none, own, own, own]);
  });
});
