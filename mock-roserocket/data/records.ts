import { badRequest, MockHttpError } from '../errors.ts';
import { fieldOf } from './definitions.ts';
import type { OrgData } from './store.ts';
import type { ChangedField, StoredEvent, StoredRecord } from './types.ts';
import type { PlanProblems, WritePlan } from './validate.ts';

/**
 * The one place records change. Every write stamps who and when, bumps the
 * version and leaves a `create`/`mutate` event with `changedFields`, the way
 * the live API's history reads.
 */
export interface WriteContext {
  userId: string;
  /** ISO timestamp of the write. */
  now: string;
  newId: () => string;
  /** `source` of records this write creates. */
  source: string;
  boardId?: string | null;
}

/** Plans a write and throws its 400 (or 409) before anything changes. */
export function planOrThrow(org: OrgData, plan: (problems: PlanProblems) => WritePlan): WritePlan {
  const problems: PlanProblems = { invalid: [], conflicts: [] };
  const result = plan(problems);
  if (problems.invalid.length) throw badRequest(...problems.invalid);
  if (problems.conflicts.length) throw new MockHttpError(409, problems.conflicts[0]!);
  return result;
}

/**
 * Applies a checked plan, children first so the parent can hold their ids.
 * `touch` bumps an update even when nothing changed (a PUT always yields a
 * new version); linked children that were only referenced stay untouched.
 */
export function applyPlan(org: OrgData, plan: WritePlan, ctx: WriteContext, touch = false): StoredRecord {
  const next = new Map(plan.values);
  for (const [key, target] of plan.links) {
    if (target === null) next.set(key, null);
    else if (Array.isArray(target)) next.set(key, target.map((child) => applyPlan(org, child, ctx).id));
    else next.set(key, applyPlan(org, target, ctx).id);
  }
  return plan.existing ? update(org, plan, plan.existing, next, ctx, touch) : create(org, plan, next, ctx);
}

function create(org: OrgData, plan: WritePlan, values: Map<string, unknown>, ctx: WriteContext): StoredRecord {
  const statusField = fieldOf(plan.def, 'status');
  if (statusField && !values.has('status')) values.set('status', statusField.typeConfig.options?.[0] ?? null);
  const record: StoredRecord = {
    id: plan.id ?? ctx.newId(),
    objectKey: plan.def.key,
    orgId: org.orgId,
    fullId: plan.fullId ? org.pinFullId(plan.fullId) : org.nextFullId(plan.def),
    externalId: plan.externalId ?? null,
    source: ctx.source,
    createdAt: ctx.now,
    createdBy: ctx.userId,
    updatedAt: ctx.now,
    updatedBy: ctx.userId,
    version: 1,
    fields: Object.fromEntries(values),
  };
  org.records.set(record.id, record);
  const changed: ChangedField[] = [...values].map(([field, value]) => ({ field, value, prevValue: null }));
  if (record.externalId !== null) changed.unshift({ field: 'externalId', value: record.externalId, prevValue: null });
  recordEvent(org, record, 'create', { changedFields: changed }, ctx);
  return record;
}

function update(org: OrgData, plan: WritePlan, record: StoredRecord, values: Map<string, unknown>, ctx: WriteContext, touch: boolean): StoredRecord {
  const changed: ChangedField[] = [];
  if (plan.externalId !== undefined && plan.externalId !== record.externalId) {
    changed.push({ field: 'externalId', value: plan.externalId, prevValue: record.externalId });
    record.externalId = plan.externalId;
  }
  for (const [field, value] of values) {
    const prevValue = record.fields[field] ?? null;
    if (sameValue(prevValue, value)) continue;
    changed.push({ field, value, prevValue });
    record.fields[field] = value;
  }
  if (!changed.length && !touch) return record;
  record.version += 1;
  record.updatedAt = ctx.now;
  record.updatedBy = ctx.userId;
  if (changed.length) recordEvent(org, record, 'mutate', { changedFields: changed }, ctx);
  // A status move also gets the system's own dotted event, the kind a caller cannot write through POST /events.
  const status = changed.find((c) => c.field === 'status');
  if (status) recordEvent(org, record, `${record.objectKey}.status-changed`, { from: status.prevValue, to: status.value }, ctx);
  return record;
}

/** Removes a record; links to it elsewhere read as gone from then on. */
export function deleteRecord(org: OrgData, record: StoredRecord): StoredRecord {
  org.records.delete(record.id);
  return record;
}

export function recordEvent(org: OrgData, record: StoredRecord, type: string, json: Record<string, unknown>, ctx: WriteContext): StoredEvent {
  const event: StoredEvent = {
    id: ctx.newId(),
    type,
    recordId: record.id,
    objectKey: record.objectKey,
    boardId: ctx.boardId ?? null,
    orgId: org.orgId,
    createdAt: ctx.now,
    user: org.eventUser(ctx.userId),
    json,
  };
  org.events.push(event);
  return event;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
