import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createFsStore } from '../store/fs.ts';
import { createMemoryStore } from '../store/memory.ts';
import { CorruptRecordError, readRecord } from './codec.ts';

const schema = z.object({ name: z.string(), config: z.object({ tags: z.array(z.string()) }) });

describe('readRecord', () => {
  afterEach(() => vi.restoreAllMocks());

  it('validates a shared (fs) document once, hands out a frozen record, and validates again after a write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-codec-'));
    try {
      const store = await createFsStore({ dir });
      await store.set('r:one', { name: 'a', config: { tags: ['x'] } });
      const safeParse = vi.spyOn(schema, 'safeParse');
      const first = await readRecord(store, 'r:one', schema);
      const second = await readRecord(store, 'r:one', schema);
      expect(second).toBe(first);
      expect(safeParse).toHaveBeenCalledTimes(1);
      expect(Object.isFrozen(first!.config.tags)).toBe(true);

      await store.set('r:one', { name: 'b', config: { tags: [] } });
      expect(await readRecord(store, 'r:one', schema)).toEqual({ name: 'b', config: { tags: [] } });
      expect(safeParse).toHaveBeenCalledTimes(2);

      // The same document read with another schema is validated against that one.
      await expect(readRecord(store, 'r:one', z.object({ name: z.number() }))).rejects.toThrow(CorruptRecordError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('validates every read of a store that hands out fresh objects, and leaves them writable', async () => {
    const store = createMemoryStore();
    await store.set('r:one', { name: 'a', config: { tags: [] } });
    const safeParse = vi.spyOn(schema, 'safeParse');
    const first = await readRecord(store, 'r:one', schema);
    await readRecord(store, 'r:one', schema);
    expect(safeParse).toHaveBeenCalledTimes(2);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it('names the corrupt fields of a stored document', async () => {
    const store = createMemoryStore();
    await store.set('r:bad', { name: 1, config: {} });
    await expect(readRecord(store, 'r:bad', schema)).rejects.toThrow(/r:bad is corrupt: name: .*config\.tags/);
  });
});
