import { z } from 'zod';
import { isPlainObject, ToolInputError, UnexpectedAnswerError } from './define.ts';

/**
 * Paging, projection and the byte budget, shared by every list tool.
 *
 * Rose Rocket pages by offset (or not at all); the model gets one shape for
 * every list, `{results, total?, has_more, next_cursor}`, and an opaque
 * cursor it passes back unchanged.
 */

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** Rose Rocket's own ceiling for `/events`. */
export const MAX_EVENTS_LIMIT = 200;
/** The largest tool result, as UTF-8 JSON, the gateway hands a model without trimming. */
export const DEFAULT_RESULT_BUDGET_BYTES = 48 * 1024;

/** Keys a projection never drops: without them a record can't be named again. */
const ALWAYS_KEPT = ['id', 'objectKey', 'fullId'] as const;

/** Bumped if the cursor's content ever changes, so old cursors fail loudly instead of mis-paging. */
const CURSOR_TAG = 'o1:';

export interface Page {
  offset: number;
  limit: number;
}

export interface ListResult {
  results: unknown[];
  total?: number;
  has_more: boolean;
  next_cursor: string | null;
  note?: string;
}

/** The `limit` and `next_cursor` arguments; spread into a tool's input. */
export function pagingInput(maxLimit: number = MAX_LIMIT) {
  return {
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(DEFAULT_LIMIT)
      .describe('Page size.'),
    next_cursor: z
      .string()
      .min(1)
      .optional()
      .describe("Previous page's next_cursor."),
  };
}

/** The `fields` projection argument; spread into a tool's input. */
export const projectionInput = {
  fields: z
    .array(z.string().min(1))
    .optional()
    .describe('Keys to keep per item.'),
};

export function encodeCursor(offset: number): string {
  return btoa(`${CURSOR_TAG}${offset}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string): number {
  const invalid = new ToolInputError('next_cursor', 'is not a cursor this server issued; pass the next_cursor of the previous page unchanged, or omit it to start over');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw invalid;
  }
  const digits = text.startsWith(CURSOR_TAG) ? text.slice(CURSOR_TAG.length) : '';
  if (!/^\d{1,9}$/.test(digits)) throw invalid;
  return Number(digits);
}

/** The page a tool's `limit` and `next_cursor` arguments ask for. */
export function pageOf(args: { limit: number; next_cursor?: string | undefined }): Page {
  return { offset: args.next_cursor === undefined ? 0 : decodeCursor(args.next_cursor), limit: args.limit };
}

/** A linked record as a record reads it back: `{id, objectKey, name, fullId, …}`. */
function isLinkSummary(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && typeof value.id === 'string' && typeof value.objectKey === 'string';
}

/** A link, in a projection: its id and what people call it, and the linked fields `paths` asked for (stops.city); no more. */
function linkLabel(link: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(link).filter(([key]) => key !== 'objectKey' && key !== 'orgId'));
}

function projectedValue(value: unknown): unknown {
  if (isLinkSummary(value)) return linkLabel(value);
  if (Array.isArray(value) && value.every(isLinkSummary)) return value.map(linkLabel);
  return value;
}

/**
 * Keeps the named top-level keys of an object (plus the identifying ones);
 * anything else passes unchanged. A kept link shrinks to its id and label.
 */
export function project<T>(item: T, fields: readonly string[] | undefined): T | Record<string, unknown> {
  if (!fields?.length || !isPlainObject(item)) return item;
  const keep = new Set<string>([...ALWAYS_KEPT, ...fields]);
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key)).map(([key, value]) => [key, projectedValue(value)]));
}

/**
 * Where each list result's page started. `trimToBudget` needs it to issue a
 * cursor for the items it drops, and it isn't part of what the model sees.
 */
const pageStarts = new WeakMap<ListResult, number>();

/**
 * Builds a list result. `items` may hold one item more than the limit (a
 * probe, for endpoints that give no total): that extra item only says that
 * more exist. `total`, when upstream gives one, says so too.
 */
export function listPage(items: readonly unknown[], page: Page, options: { total?: number; fields?: readonly string[] | undefined } = {}): ListResult {
  const kept = items.slice(0, page.limit);
  const { total } = options;
  // An empty page never claims more, even if an approximate total says so: that cursor would loop.
  const hasMore = kept.length > 0 && (items.length > page.limit || (total !== undefined && page.offset + kept.length < total));
  const result: ListResult = {
    results: kept.map((item) => project(item, options.fields)),
    ...(total === undefined ? {} : { total }),
    has_more: hasMore,
    next_cursor: hasMore ? encodeCursor(page.offset + kept.length) : null,
  };
  pageStarts.set(result, page.offset);
  return result;
}

/** Pages a complete list that upstream returns in one piece. */
export function pageOfAll(all: readonly unknown[], page: Page, fields?: readonly string[]): ListResult {
  return listPage(all.slice(page.offset, page.offset + page.limit + 1), page, { total: all.length, fields });
}

/** The page of a `{total, results}` answer from an endpoint that pages upstream. */
export function pageOfResults(body: unknown, args: { limit: number; next_cursor?: string | undefined; fields?: readonly string[] | undefined }): ListResult {
  return listPage(arrayIn(body, 'results'), pageOf(args), { total: totalIn(body), fields: args.fields });
}

/** The array inside an upstream answer: the body itself, or the named key of it. */
export function arrayIn(body: unknown, key?: string): unknown[] {
  const value = key === undefined ? body : isPlainObject(body) ? body[key] : undefined;
  if (!Array.isArray(value)) {
    throw new UnexpectedAnswerError(`Rose Rocket answered without the expected list${key === undefined ? '' : ` in "${key}"`}`);
  }
  return value;
}

/** The `total` of an upstream `{total, results}` answer, when it is a number. */
function totalIn(body: unknown): number | undefined {
  return isPlainObject(body) && typeof body.total === 'number' ? body.total : undefined;
}

function isListResult(value: unknown): value is ListResult {
  return isPlainObject(value) && Array.isArray(value.results) && typeof value.has_more === 'boolean' && 'next_cursor' in value;
}

const encoder = new TextEncoder();
function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value) ?? '').length;
}

/**
 * Keeps a tool result under `maxBytes` of JSON. A list loses items from the
 * end, and its cursor then continues right after the last item kept, so
 * nothing is skipped. Anything else is never cut mid-JSON: it comes back
 * whole, wrapped with a note on how to ask for less.
 */
export function trimToBudget(value: unknown, maxBytes: number = DEFAULT_RESULT_BUDGET_BYTES): unknown {
  const size = jsonBytes(value);
  if (size <= maxBytes) return value;
  if (isListResult(value) && value.results.length > 0) {
    const start = pageStarts.get(value) ?? (value.next_cursor === null ? undefined : decodeCursor(value.next_cursor) - value.results.length);
    if (start !== undefined) return trimList(value, start, maxBytes);
  }
  return {
    note: `This result is ${size} bytes, more than the ${maxBytes}-byte budget, and is returned whole. Ask for less where the tool allows it: fewer linked paths, a fields projection, or a narrower query.`,
    result: value,
  };
}

function trimList(list: ListResult, start: number, maxBytes: number): ListResult {
  const count = list.results.length;
  const keeping = (kept: number): ListResult => {
    const left = count - kept;
    return {
      ...list,
      results: list.results.slice(0, kept),
      has_more: true,
      next_cursor: encodeCursor(start + kept),
      note:
        `${left} of the ${count} items on this page were left out to stay under the ${maxBytes}-byte result budget. ` +
        'Pass next_cursor to get them, or ask for fewer items at a time (a smaller limit) or smaller items (fields).',
    };
  };
  // The largest prefix that fits; even an empty page is returned, with the note and cursor.
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(keeping(mid)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return keeping(low);
}
