import { DEFINITIONS, fieldOf } from './definitions.ts';
import type { OrgData } from './store.ts';
import type { FieldDef, ObjectDef, StoredRecord } from './types.ts';

/**
 * Path resolution over the definitions: `customer.name` on an order walks the
 * `customer` connection to the customer's `name`. Shared by `paths`
 * expansion, search filters, ordering and view columns.
 */

const system = (key: string, type: FieldDef['type']): FieldDef => ({
  key, type, label: key, isArray: false, isRequired: false, typeConfig: {},
});

/** Columns every record has besides its own fields (`status` is a defined field). */
export const SYSTEM_FIELDS: ReadonlyMap<string, FieldDef> = new Map(
  [
    system('id', 'text'),
    system('fullId', 'text'),
    system('externalId', 'text'),
    system('source', 'text'),
    system('createdAt', 'dateTime'),
    system('createdBy', 'text'),
    system('updatedAt', 'dateTime'),
    system('updatedBy', 'text'),
    system('version', 'number'),
  ].map((f) => [f.key, f]),
);

export function definitionOf(objectKey: string): ObjectDef | undefined {
  return DEFINITIONS.get(objectKey);
}

export function lookupField(def: ObjectDef, key: string): FieldDef | undefined {
  return SYSTEM_FIELDS.get(key) ?? fieldOf(def, key);
}

export interface ResolvedPath {
  /** The connections walked, in order, then the final field. */
  steps: FieldDef[];
  field: FieldDef;
}

/** A path on an object key, or the reason it is not one. */
export function resolvePath(objectKey: string, path: string): ResolvedPath | string {
  let def = definitionOf(objectKey);
  const segments = path.split('.');
  const steps: FieldDef[] = [];
  for (const [i, segment] of segments.entries()) {
    if (!def) return `"${path}" walks into an unknown object`;
    const found = lookupField(def, segment);
    if (!found) return `"${segment}" is not a field of ${def.key}`;
    steps.push(found);
    if (i < segments.length - 1) {
      if (found.type !== 'connection') return `"${segment}" on ${def.key} is not a connection, so "${path}" cannot go through it`;
      def = definitionOf(found.typeConfig.objectKey ?? '');
    }
  }
  return { steps, field: steps[steps.length - 1]! };
}

/** Ids held by a connection, dropping links to records deleted since. */
export function linkedRecords(org: OrgData, value: unknown): StoredRecord[] {
  const ids = Array.isArray(value) ? value : value == null ? [] : [value];
  return ids.flatMap((id) => {
    const record = typeof id === 'string' ? org.records.get(id) : undefined;
    return record ? [record] : [];
  });
}

/** The stored (or, for derived fields, computed) value of one field of a record. */
export function readField(org: OrgData, record: StoredRecord, field: FieldDef): unknown {
  if (SYSTEM_FIELDS.has(field.key)) return record[field.key as keyof StoredRecord] ?? null;
  if (field.type === 'derived') return derive(org, record, field.key);
  return record.fields[field.key] ?? (field.isArray ? [] : null);
}

/** What a link renders as; `name` is the target's label field. */
export function linkSummary(org: OrgData, record: StoredRecord) {
  return { id: record.id, objectKey: record.objectKey, orgId: record.orgId, name: labelOf(org, record), fullId: record.fullId };
}

export function labelOf(org: OrgData, record: StoredRecord, labelPath?: string): string {
  const def = definitionOf(record.objectKey);
  const path = labelPath ?? def?.labelPath ?? 'fullId';
  const values = valuesAt(org, record, path);
  const first = values.find((v) => v !== null && v !== undefined && v !== '');
  return first === undefined ? record.fullId : String(first);
}

/**
 * Every value a path reaches from a record, flattened across array links.
 * Connections give the linked ids; the caller compares plain values.
 */
export function valuesAt(org: OrgData, record: StoredRecord, path: string): unknown[] {
  const resolved = resolvePath(record.objectKey, path);
  if (typeof resolved === 'string') return [];
  let current: StoredRecord[] = [record];
  for (const step of resolved.steps.slice(0, -1)) {
    current = current.flatMap((r) => linkedRecords(org, r.fields[step.key]));
  }
  const last = resolved.field;
  return current.flatMap((r) => {
    if (last.type === 'connection') return linkedRecords(org, r.fields[last.key]).map((t) => t.id);
    return [readField(org, r, last)];
  });
}

type Deriver = (org: OrgData, record: StoredRecord) => unknown;

const countLinksTo = (org: OrgData, objectKey: string, fieldKey: string, id: string) =>
  org.recordsOf(objectKey).filter((r) => r.fields[fieldKey] === id).length;

const firstLinkedField = (org: OrgData, value: unknown, key: string) => {
  const [target] = linkedRecords(org, value);
  return target ? (key === 'fullId' ? target.fullId : (target.fields[key] ?? null)) : null;
};

/** How each derived field in definitions.ts is computed. A test checks none is missing. */
export const DERIVERS: Readonly<Record<string, Readonly<Record<string, Deriver>>>> = {
  customer: { orderCount: (org, r) => countLinksTo(org, 'order', 'customer', r.id) },
  order: {
    stopCount: (org, r) => linkedRecords(org, r.fields.stops).length,
    customerName: (org, r) => firstLinkedField(org, r.fields.customer, 'name'),
  },
  task: { orderFullId: (org, r) => firstLinkedField(org, r.fields.order, 'fullId') },
  manifest: { orderCount: (org, r) => linkedRecords(org, r.fields.orders).length },
  load__c: {
    laneLabel: (_org, r) =>
      typeof r.fields.originCity === 'string' && typeof r.fields.destinationCity === 'string'
        ? `${r.fields.originCity} → ${r.fields.destinationCity}`
        : null,
  },
};

function derive(org: OrgData, record: StoredRecord, key: string): unknown {
  return DERIVERS[record.objectKey]?.[key]?.(org, record) ?? null;
}
