/**
 * The one contract behind every memo of what is made from a record (an
 * account's decrypted credentials and their version, a server's public view,
 * a URL's served catalogue), owned here:
 *
 * 1. a store backend hands out one frozen object per unchanged document, and
 *    a new object when the document changes (the fs store does; the others
 *    hand out a fresh object per read, which is always correct, only slower);
 * 2. whatever is made only from a frozen object, and is frozen in turn, may be
 *    remembered by that object's identity: through `derivedOnce`, or per
 *    schema for the validated record itself (records/codec.ts);
 * 3. an unfrozen value, which its owner may still change, is derived afresh.
 *
 * So a change to a record reaches every memo on the next read, by identity,
 * with no invalidation to send between modules.
 */

/** Freezes a value all the way down, for documents handed to more than one reader. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** `derive` made once per frozen object (rule 2 above); afresh for an unfrozen one (rule 3). */
export function derivedOnce<T extends object, V>(derive: (value: T) => V): (value: T) => V {
  const derived = new WeakMap<T, V>();
  return (value) => {
    if (!Object.isFrozen(value)) return derive(value);
    if (derived.has(value)) return derived.get(value)!;
    const result = derive(value);
    derived.set(value, result);
    return result;
  };
}
