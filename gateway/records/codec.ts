import { z } from 'zod';
import { deepFreeze } from '../store/frozen.ts';
import type { Store } from '../store/store.ts';

/** A stored document that no longer matches its schema: a bug or tampering, never a user error. */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
  constructor(readonly key: string, detail: string) {
    super(`stored record ${key} is corrupt: ${detail}`);
  }
}

/**
 * Validated records by the stored document they came from. A store that hands
 * out one frozen object per unchanged document (the fs store) gets each one
 * validated once; the record is frozen too, as it is shared the same way.
 */
const validated = new WeakMap<object, { schema: z.ZodType; record: unknown }>();

/** Reads and validates one document; `null` when absent. */
export async function readRecord<S extends z.ZodType>(store: Store, key: string, schema: S): Promise<z.output<S> | null> {
  const value = await store.get(key);
  if (value === null) return null;
  const shared = typeof value === 'object' && Object.isFrozen(value);
  const known = shared ? validated.get(value) : undefined;
  if (known?.schema === schema) return known.record as z.output<S>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CorruptRecordError(key, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  if (shared) validated.set(value, { schema, record: deepFreeze(parsed.data) });
  return parsed.data;
}

/** Validates a document before it is written, so nothing malformed ever reaches the store. */
export function checked<S extends z.ZodType>(schema: S, value: z.input<S>, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TypeError(`refusing to store an invalid ${what}: ${parsed.error.message}`);
  return parsed.data;
}

/** What an index key holds: the hash its record is stored under, and when, so the sweep can tell a crash's leftover from a write in flight. */
export const recordIndex = z.object({ token_hash: z.string().regex(/^[0-9a-f]{64}$/), created_at: z.iso.datetime({ offset: true }) });

/** A dangling index younger than this may belong to a create still in flight (index written, record not yet). */
export const DANGLING_INDEX_GRACE_MS = 5 * 60_000;
