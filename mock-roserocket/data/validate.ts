import { fieldOf } from './definitions.ts';
import { definitionOf } from './schema.ts';
import type { OrgData } from './store.ts';
import type { FieldDef, ObjectDef, StoredRecord } from './types.ts';
import { isUuid } from './uuid.ts';
import { checkValue, isPlainObject } from './values.ts';

/**
 * Turns a write's `json` into a plan, checking everything before anything is
 * stored: a write with nested children either lands whole or not at all.
 */
export interface WritePlan {
  def: ObjectDef;
  /** Set when the plan updates (or only links) an existing record. */
  existing?: StoredRecord;
  /** A fixed id for a new record; only the seed sets it. */
  id?: string;
  /** A fixed fullId (an imported record's own number); only the seed sets it. */
  fullId?: string;
  /** `undefined` leaves it alone. */
  externalId?: string | null;
  values: Map<string, unknown>;
  links: Map<string, WritePlan | WritePlan[] | null>;
}

export interface PlanProblems {
  /** 400s, one per field. */
  invalid: string[];
  /** 409s: an external id already taken. */
  conflicts: string[];
}

/** Deep enough for order → stops → address; deeper bodies are refused rather than recursed into. */
const MAX_NESTING = 6;

/** Keys the server owns: readable on a record, never writable through `json`. */
const SYSTEM_KEYS = new Set([
  'id', 'objectKey', 'orgId', 'fullId', 'source', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'version', 'widgets', 'widgetToOpen', 'errors',
]);

export function planWrite(
  org: OrgData,
  def: ObjectDef,
  json: Record<string, unknown>,
  existing: StoredRecord | undefined,
  problems: PlanProblems,
  prefix = '',
  depth = 0,
): WritePlan {
  const plan: WritePlan = { def, values: new Map(), links: new Map(), ...(existing ? { existing } : {}) };
  if (depth > MAX_NESTING) {
    problems.invalid.push(`Error setting field ${prefix.replace(/\.$/, '')}: links nest more than ${MAX_NESTING} levels deep`);
    return plan;
  }
  const fieldError = (key: string, reason: string) => problems.invalid.push(`Error setting field ${prefix}${key}: ${reason}`);

  for (const [key, value] of Object.entries(json)) {
    if (key === 'externalId') {
      planExternalId(org, def, value, existing, problems, prefix, plan);
      continue;
    }
    if (SYSTEM_KEYS.has(key)) {
      fieldError(key, 'system field cannot be written');
      continue;
    }
    const field = fieldOf(def, key);
    if (!field) {
      fieldError(key, `${def.key} has no field "${key}"`);
      continue;
    }
    if (field.type === 'derived') {
      fieldError(key, 'derived field cannot be written');
      continue;
    }
    if (value === null || (field.isArray && Array.isArray(value) && value.length === 0)) {
      if (field.isRequired) problems.invalid.push(`${prefix}${key} should not be empty`);
      else if (field.type === 'connection') plan.links.set(key, field.isArray ? [] : null);
      else plan.values.set(key, null);
      continue;
    }
    if (field.type === 'connection') {
      const linked = planLinks(org, field, value, problems, `${prefix}${key}`, depth);
      if (linked !== undefined) plan.links.set(key, linked);
      continue;
    }
    const checked = checkValue(field, value);
    if (checked.ok) plan.values.set(key, checked.value);
    else fieldError(key, checked.reason);
  }

  if (!existing) {
    for (const field of def.fields) {
      if (field.isRequired && !(field.key in json)) problems.invalid.push(`${prefix}${field.key} should not be empty`);
    }
  }
  return plan;
}

function planExternalId(
  org: OrgData,
  def: ObjectDef,
  value: unknown,
  existing: StoredRecord | undefined,
  problems: PlanProblems,
  prefix: string,
  plan: WritePlan,
) {
  if (value !== null && (typeof value !== 'string' || value.trim() === '')) {
    problems.invalid.push(`Error setting field ${prefix}externalId: must be a non-empty string or null`);
    return;
  }
  if (typeof value === 'string') {
    const holder = org.findByExternalId(def.key, value);
    if (holder && holder.id !== existing?.id) {
      problems.conflicts.push(`A ${def.key} with externalId "${value}" already exists (${holder.fullId}).`);
      return;
    }
  }
  plan.externalId = value;
}

function planLinks(org: OrgData, field: FieldDef, value: unknown, problems: PlanProblems, path: string, depth: number) {
  if (!field.isArray) return planLink(org, field, value, problems, path, depth);
  if (!Array.isArray(value)) {
    problems.invalid.push(`Error setting field ${path}: must be an array of links ({id}) or new ${field.typeConfig.objectKey} bodies`);
    return undefined;
  }
  const plans = value.map((item, i) => planLink(org, field, item, problems, `${path}.${i}`, depth));
  return plans.every((p): p is WritePlan => p !== undefined) ? plans : undefined;
}

/** `{id}` links an existing record (other keys update it); a body without `id` creates one. */
function planLink(org: OrgData, field: FieldDef, value: unknown, problems: PlanProblems, path: string, depth: number): WritePlan | undefined {
  const targetKey = field.typeConfig.objectKey ?? '';
  const target = definitionOf(targetKey);
  const fail = (reason: string) => {
    problems.invalid.push(`Error setting field ${path}: ${reason}`);
    return undefined;
  };
  if (!target) return fail(`links to unknown object "${targetKey}"`);
  if (!isPlainObject(value)) return fail(`a link is written as {id} or as a new ${targetKey} body, got ${JSON.stringify(value)}`);

  const { id, objectKey, ...rest } = value;
  if (objectKey !== undefined && objectKey !== targetKey) return fail(`objectKey must be "${targetKey}", got ${JSON.stringify(objectKey)}`);
  if (id === undefined) {
    if (target.managedAt) return fail(`${targetKey} records cannot be created inline; create them through ${target.managedAt}`);
    return planWrite(org, target, rest, undefined, problems, `${path}.`, depth + 1);
  }
  if (!isUuid(id)) return fail(`id must be a UUID, got ${JSON.stringify(id)}`);
  const linked = org.records.get(id);
  if (!linked) return fail(`${targetKey} with ID "${id}" not found`);
  if (linked.objectKey !== targetKey) return fail(`record "${id}" has objectKey "${linked.objectKey}", expected "${targetKey}"`);
  return planWrite(org, target, rest, linked, problems, `${path}.`, depth + 1);
}
