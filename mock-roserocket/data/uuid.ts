const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A fresh id for a record written at run time. */
export const newUuid = (): string => crypto.randomUUID();

/**
 * A stable v4-shaped uuid for a seed label (`demo/17`), so the seed is the
 * same on every start without writing hundreds of ids by hand. Four 32-bit
 * lanes of FNV-1a, each over the label plus its lane number and finished
 * with murmur3's mixer: nothing random, no crypto, well spread.
 */
export function seedUuid(label: string): string {
  const hex = [0, 1, 2, 3].map((lane) => lanes(`${label}#${lane}`).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function lanes(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
