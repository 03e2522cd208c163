import { badRequest } from '../../errors.ts';
import { allLinksTree, parsePaths, type PathTree } from '../expand.ts';
import { checkRecordKey, throwIfAny } from '../request.ts';
import type { ObjectDef } from '../types.ts';
import { isPlainObject } from '../values.ts';

/**
 * The write envelope `{objectKey, json, paths?}` every record write uses.
 * Fields sent beside `json` instead of inside it are the classic mistake;
 * the live API answers that with exactly `["json must be an object"]`.
 */
export interface Envelope {
  def: ObjectDef;
  json: Record<string, unknown>;
  paths: unknown;
}

const ENVELOPE_KEYS = new Set(['objectKey', 'json', 'paths', 'boardId']);

export function parseEnvelope(body: Record<string, unknown>, objectKeyFallback?: string): Envelope {
  const problems: string[] = [];
  const def = checkRecordKey(body.objectKey ?? objectKeyFallback, 'objectKey', problems);
  if (!isPlainObject(body.json)) problems.push('json must be an object');
  else {
    for (const key of Object.keys(body)) if (!ENVELOPE_KEYS.has(key)) problems.push(`property ${key} should not exist`);
  }
  throwIfAny(problems);
  assertWritable(def!);
  return { def: def!, json: body.json as Record<string, unknown>, paths: body.paths };
}

/** Groups and boards are records, but only their own endpoints create or remove them. */
export function assertWritable(def: ObjectDef) {
  if (def.managedAt) throw badRequest(`objectKey "${def.key}" records are managed through ${def.managedAt}, not /objects`);
}

/** What a write answers with: the asked-for paths plus every link the write set. */
export function responsePaths(objectKey: string, paths: unknown, written: readonly string[]): PathTree {
  return parsePaths(objectKey, paths, written);
}

/** `?isDetailView` adds every link, as a detail page would load them. */
export function readPaths(objectKey: string, paths: string | undefined, isDetailView: string | undefined): PathTree {
  const tree = parsePaths(objectKey, paths);
  if (isDetailView === undefined || isDetailView === 'false') return tree;
  for (const [key, sub] of allLinksTree(objectKey)) if (!tree.has(key)) tree.set(key, sub);
  return tree;
}
