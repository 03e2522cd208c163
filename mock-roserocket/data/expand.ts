import { badRequest } from '../errors.ts';
import { definitionOf, linkedRecords, linkSummary, lookupField, readField, resolvePath } from './schema.ts';
import type { OrgData } from './store.ts';
import type { StoredRecord } from './types.ts';

/**
 * `?paths=customer,stops.name` as a tree. Links are left out of a record
 * unless a path names them; a named link reads back as
 * `{id, objectKey, orgId, name, fullId}` plus whatever deeper paths ask for.
 */
export type PathTree = Map<string, PathTree>;

/** Accepts the query form (`"a,b.c"`) and the body form (`["a", "b.c"]`). */
export function parsePaths(objectKey: string, input: unknown, extra: readonly string[] = []): PathTree {
  const tree: PathTree = new Map();
  let list: string[];
  if (input === undefined || input === null || input === '') list = [];
  else if (typeof input === 'string') list = input.split(',');
  else if (Array.isArray(input) && input.every((p) => typeof p === 'string')) list = input;
  else throw badRequest('paths must be a comma-separated string or an array of strings');

  const problems: string[] = [];
  for (const raw of [...list, ...extra]) {
    const path = raw.trim();
    if (!path) continue;
    const resolved = resolvePath(objectKey, path);
    if (typeof resolved === 'string') {
      problems.push(`paths: ${resolved}`);
      continue;
    }
    let node = tree;
    for (const segment of path.split('.')) {
      let child = node.get(segment);
      if (!child) node.set(segment, (child = new Map()));
      node = child;
    }
  }
  if (problems.length) throw badRequest(...problems);
  return tree;
}

/** A tree that names every connection of the object: what `isDetailView` asks for. */
export function allLinksTree(objectKey: string): PathTree {
  const def = definitionOf(objectKey);
  return new Map((def?.fields ?? []).filter((f) => f.type === 'connection').map((f) => [f.key, new Map()]));
}

export function renderRecord(org: OrgData, record: StoredRecord, paths: PathTree = new Map()): Record<string, unknown> {
  const def = definitionOf(record.objectKey);
  const out: Record<string, unknown> = {
    id: record.id,
    objectKey: record.objectKey,
    orgId: record.orgId,
    fullId: record.fullId,
    externalId: record.externalId,
    source: record.source,
    status: record.fields.status ?? null,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    version: record.version,
    widgets: def?.widgets ?? [],
    widgetToOpen: def?.widgets[0] ?? null,
  };
  for (const field of def?.fields ?? []) {
    if (field.key === 'status') continue;
    if (field.type !== 'connection') out[field.key] = readField(org, record, field);
    else {
      const sub = paths.get(field.key);
      if (sub) out[field.key] = renderLinks(org, record.fields[field.key], field.isArray, sub);
    }
  }
  return out;
}

function renderLinks(org: OrgData, value: unknown, isArray: boolean, paths: PathTree): unknown {
  const rendered = linkedRecords(org, value).map((target) => renderLink(org, target, paths));
  return isArray ? rendered : (rendered[0] ?? null);
}

function renderLink(org: OrgData, target: StoredRecord, paths: PathTree): Record<string, unknown> {
  const out: Record<string, unknown> = linkSummary(org, target);
  const def = definitionOf(target.objectKey);
  for (const [key, sub] of paths) {
    const field = def && lookupField(def, key);
    if (!field) continue;
    out[key] = field.type === 'connection' ? renderLinks(org, target.fields[key], field.isArray, sub) : readField(org, target, field);
  }
  return out;
}
