import { isPlainObject, ToolInputError, type ToolContext } from './define.ts';
import { kindRefusal } from './kinds.ts';

/**
 * The numbers people use for records: dispatchers say "order O-57",
 * "CUST-1", "order 99281", and sometimes an ERP number. Every argument that
 * takes a record id also takes these, and they are turned into the uuid the
 * API wants here, before the tool runs: one lookup per value, remembered for
 * the rest of the call.
 *
 * - a uuid passes unchanged;
 * - a fullId (`O-57`) is looked up among records of the given kind, or of
 *   the kind its prefix names;
 * - a bare number (`99281`) is tried as the number of a fullId of the given kind;
 * - when the kind is known and no fullId matches, the value is tried as an
 *   external id (`SAP-10992`) too, and so is any other text (`PO/2026/17`).
 * A miss says what was tried.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FULL_ID = /^([A-Za-z][A-Za-z0-9_]*)-(\d+)$/;
const NUMBER = /^\d+$/;

/**
 * fullId prefixes of the standard kinds [choice: `CUST`, `O` and `UG` are
 * seen on the live service, the rest are the mock's]. A fullId with another
 * prefix needs the tool's object_key.
 */
export const FULL_ID_PREFIXES: Readonly<Record<string, string>> = {
  CUST: 'customer',
  O: 'order',
  T: 'task',
  S: 'stop',
  MAN: 'manifest',
  COM: 'commodity',
  P: 'partner',
  CON: 'contact',
  ADR: 'address',
  Q: 'quote',
  U: 'user',
  UG: 'userGroup',
  B: 'board',
};

/** What the resolution of one value found: the uuid, and the kind when the lookup told it. */
export interface ResolvedId {
  id: string;
  objectKey?: string;
}

interface Match {
  id?: unknown;
  objectKey?: unknown;
  fullId?: unknown;
}

export function recordIdResolver(ctx: ToolContext) {
  const seen = new Map<string, Promise<ResolvedId>>();

  async function lookUp(value: string, objectKey: string | undefined, field: string): Promise<ResolvedId> {
    const fullId = FULL_ID.exec(value);
    const kind = objectKey ?? (fullId ? FULL_ID_PREFIXES[fullId[1]!.toUpperCase()] : undefined);
    if (kind === undefined) {
      const why = fullId ? `its prefix "${fullId[1]}" names no standard kind` : 'a bare number needs a kind';
      throw new ToolInputError(field, `"${value}" is not a uuid and ${why}: give object_key, or find the record with list_all_roserocket_objects_autocomplete`);
    }
    const { body } = await ctx.call({ method: 'GET', path: ['objects', 'autocomplete'], query: { objectKey: kind, searchTerm: value } });
    const wanted = (item: Match) =>
      item.objectKey === kind &&
      typeof item.fullId === 'string' &&
      (fullId ? item.fullId.toUpperCase() === value.toUpperCase() : item.fullId.endsWith(`-${value}`));
    const hit = (Array.isArray(body) ? (body as Match[]) : []).find(wanted);
    if (hit && typeof hit.id === 'string') return { id: hit.id, objectKey: kind };
    const external = await externalRecord(ctx, kind, value);
    if (external) return external;
    const as = fullId ? `fullId "${value}"` : `number ${value} (a fullId ending in -${value})`;
    throw new ToolInputError(field, `no ${kind} has ${as}, nor external id "${value}"; find the record with list_all_roserocket_objects_autocomplete or list_all_roserocket_objects`);
  }

  async function externalOnly(value: string, objectKey: string, field: string): Promise<ResolvedId> {
    const external = await externalRecord(ctx, objectKey, value);
    if (external) return external;
    throw new ToolInputError(field, `"${value}" is not a uuid, fullId or number, and no ${objectKey} has it as external id; find the record with list_all_roserocket_objects_autocomplete or list_all_roserocket_objects`);
  }

  return {
    /** `value` as a uuid; `objectKey`, when the tool knows the kind, narrows the lookup (and lets any text be tried as an external id). */
    resolve(value: string, objectKey: string | undefined, field: string): Promise<ResolvedId> {
      const trimmed = value.trim();
      if (UUID.test(trimmed)) return Promise.resolve({ id: trimmed.toLowerCase() });
      const idLike = FULL_ID.test(trimmed) || NUMBER.test(trimmed);
      // External ids are set through /objects, so only a kind written there can have one (not a board, a user group).
      if (!idLike && (objectKey === undefined || kindRefusal(objectKey, 'writable') !== null)) {
        return Promise.reject(new ToolInputError(field, `"${value}" is not a record id: give its uuid, its fullId (e.g. O-57) or its number`));
      }
      const key = `${objectKey ?? ''}\u0000${trimmed.toUpperCase()}`;
      let found = seen.get(key);
      if (!found) {
        // Any other text, of a kind that has external ids, can only be one (PO/2026/17).
        found = idLike ? lookUp(trimmed, objectKey, field) : externalOnly(trimmed, objectKey!, field);
        seen.set(key, found);
      }
      return found;
    },
  };
}

export type RecordIdResolver = ReturnType<typeof recordIdResolver>;

/** The record another system knows by `externalId`; a 404 is "none", every other error is the call's. */
async function externalRecord(ctx: ToolContext, objectKey: string, externalId: string): Promise<ResolvedId | null> {
  return ctx.call({ method: 'GET', path: ['objects', objectKey, externalId, 'external'] }).then(
    ({ body }) => (isPlainObject(body) && typeof body.id === 'string' ? { id: body.id, objectKey } : null),
    (error: unknown) => {
      if ((error as { status?: unknown } | null)?.status === 404) return null;
      throw error;
    },
  );
}
