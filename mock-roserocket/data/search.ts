import { definitionOf, valuesAt } from './schema.ts';
import type { OrgData } from './store.ts';
import type { SearchFilter, StoredRecord } from './types.ts';

/**
 * Filter evaluation and ordering over stored records. Values are compared in
 * a flat form: a dateTime by its local time string, money by its amount, a
 * link by the linked id; array links match when any of their ids does.
 */
type Plain = string | number | boolean | null;

function plain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.dateTimeInLocation === 'string') return v.dateTimeInLocation;
    if (typeof v.amount === 'number') return v.amount;
    return JSON.stringify(value);
  }
  return value as Plain;
}

const isBlank = (v: Plain) => v === null || v === '';

/** Loose equality, so `"5"` finds 5 and `"true"` finds true, as query-built filters often send them. */
function same(a: Plain, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b;
  // A date-only value matches a local date-time on that day.
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b)) return a.startsWith(`${b}T`);
  return false;
}

function compare(a: Plain, b: Plain): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function asBound(value: unknown, like: Plain): Plain {
  if (value === null || value === undefined) return null;
  if (typeof like === 'number' && typeof value === 'string') return Number(value);
  return value as Plain;
}

function between(v: Plain, range: unknown[]): boolean {
  if (isBlank(v)) return false;
  const [from, to] = [asBound(range[0], v), asBound(range[1], v)];
  if (from !== null && compare(v, from) < 0) return false;
  // A date-only upper bound includes its whole day.
  if (to !== null && compare(v, to) > 0 && !(typeof v === 'string' && v.startsWith(`${String(to)}T`))) return false;
  return true;
}

const lower = (v: Plain) => String(v ?? '').toLowerCase();

function textValues(org: OrgData, record: StoredRecord): Plain[] {
  const def = definitionOf(record.objectKey);
  const keys = ['fullId', 'externalId', ...(def?.fields ?? []).filter((f) => ['text', 'select', 'derived'].includes(f.type)).map((f) => f.key)];
  return keys.flatMap((key) => valuesAt(org, record, key).map(plain));
}

export function matches(org: OrgData, record: StoredRecord, filter: SearchFilter): boolean {
  const values = filter.operator === 'freeText' && !filter.path ? textValues(org, record) : valuesAt(org, record, filter.path).map(plain);
  const present = values.filter((v) => !isBlank(v));
  const value = filter.value;
  const list = Array.isArray(value) ? value : [];
  const needle = lower(value as Plain);
  switch (filter.operator) {
    case 'in':
      return present.some((v) => list.some((item) => same(v, item)));
    case 'notIn':
      return !present.some((v) => list.some((item) => same(v, item)));
    case 'equals':
      return value === null ? present.length === 0 : present.some((v) => same(v, value));
    case 'notEquals':
      return value === null ? present.length > 0 : !present.some((v) => same(v, value));
    case 'contains':
    case 'freeText':
      return present.some((v) => lower(v).includes(needle));
    case 'startsWith':
      return present.some((v) => lower(v).startsWith(needle));
    case 'endsWith':
      return present.some((v) => lower(v).endsWith(needle));
    case 'hasEvery':
      return list.length > 0 && list.every((item) => present.some((v) => same(v, item)));
    case 'hasSome':
      return list.some((item) => present.some((v) => same(v, item)));
    case 'empty':
      return present.length === 0;
    case 'notEmpty':
      return present.length > 0;
    case 'between':
      return present.some((v) => between(v, list));
    default:
      return false;
  }
}

export function applyFilters(org: OrgData, records: StoredRecord[], filters: SearchFilter[], operator: 'and' | 'or'): StoredRecord[] {
  if (!filters.length) return records;
  return records.filter((r) => (operator === 'or' ? filters.some((f) => matches(org, r, f)) : filters.every((f) => matches(org, r, f))));
}

/** Blank values sort last in either direction; ties keep creation order, so pages never overlap. */
export function orderRecords(org: OrgData, records: StoredRecord[], path: string, direction: 'asc' | 'desc'): StoredRecord[] {
  const sign = direction === 'desc' ? -1 : 1;
  const keyed = records.map((record) => ({ record, key: plain(valuesAt(org, record, path)[0]) }));
  keyed.sort((a, b) => {
    const [aBlank, bBlank] = [isBlank(a.key), isBlank(b.key)];
    if (aBlank !== bBlank) return aBlank ? 1 : -1;
    const byKey = aBlank ? 0 : sign * compare(a.key, b.key);
    return byKey || compare(a.record.createdAt, b.record.createdAt) || compare(a.record.id, b.record.id);
  });
  return keyed.map((k) => k.record);
}
