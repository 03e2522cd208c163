import type { Context } from 'hono';
import { badRequest, MockHttpError, notFound } from '../errors.ts';
import type { MockEnv } from '../env.ts';
import { OBJECT_KEYS } from './definitions.ts';
import { definitionOf } from './schema.ts';
import type { OrgData } from './store.ts';
import type { Board, ObjectDef, StoredRecord } from './types.ts';
import { isUuid } from './uuid.ts';
import { isPlainObject } from './values.ts';

/**
 * Request parsing shared by the routes. Messages follow NestJS's
 * class-validator wording (`boardId should not be empty`), so a client sees
 * the same text it would get from Rose Rocket.
 */

export async function readBody(c: Context<MockEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('Request body must be valid JSON');
  }
  if (!isPlainObject(body)) throw badRequest('Request body must be a JSON object');
  return body;
}

/** Adds the messages for a missing or malformed uuid; answers the uuid when it is fine. */
export function checkUuid(value: unknown, name: string, problems: string[], required = true): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) problems.push(`${name} should not be empty`, `${name} must be a UUID`);
    return undefined;
  }
  if (!isUuid(value)) {
    problems.push(`${name} must be a UUID`);
    return undefined;
  }
  return value;
}

export function uuidParam(value: string | undefined, name: string): string {
  if (!isUuid(value)) throw badRequest(`${name} must be a UUID`);
  return value;
}

export function checkObjectKey(value: unknown, name: string, problems: string[]): ObjectDef | undefined {
  if (value === undefined || value === null || value === '') {
    problems.push(`${name} should not be empty`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(`${name} must be a string`);
    return undefined;
  }
  const def = definitionOf(value);
  if (!def) problems.push(`${name} "${value}" is not a known object key; known keys: ${OBJECT_KEYS.join(', ')}`);
  return def;
}

/**
 * An object key whose entries are records of `/objects`. `event` is a known
 * key of the platform model but names no such records: an event belongs to
 * a record and lives only under `/events`.
 */
export function checkRecordKey(value: unknown, name: string, problems: string[]): ObjectDef | undefined {
  const def = checkObjectKey(value, name, problems);
  if (!def?.onlyAt) return def;
  problems.push(
    `${name} "${def.key}" names no records of /objects: an ${def.key} belongs to a record; read them with GET ${def.onlyAt}?recordId=<record id>&objectKey=<its kind>, add one with POST ${def.onlyAt}`,
  );
  return undefined;
}

export function objectKeyOrThrow(value: unknown, name = 'objectKey'): ObjectDef {
  const problems: string[] = [];
  const def = checkRecordKey(value, name, problems);
  if (!def) throw badRequest(...problems);
  return def;
}

interface IntRule {
  min?: number;
  max?: number;
}

/** An integer from a body value or a query string; `undefined` when absent. */
export function checkInt(value: unknown, name: string, problems: string[], rule: IntRule = {}): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    problems.push(`${name} must be an integer number`);
    return undefined;
  }
  if (rule.min !== undefined && n < rule.min) {
    problems.push(`${name} must not be less than ${rule.min}`);
    return undefined;
  }
  if (rule.max !== undefined && n > rule.max) {
    problems.push(`${name} must not be greater than ${rule.max}`);
    return undefined;
  }
  return n;
}

export function checkDirection(value: unknown, name: string, problems: string[]): 'asc' | 'desc' | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'asc' || value === 'desc') return value;
  problems.push(`${name} must be one of the following values: asc, desc`);
  return undefined;
}

export function throwIfAny(problems: string[]) {
  if (problems.length) throw badRequest(...problems);
}

/** Query lists come as `a,b` or as repeated keys; both read the same. */
export function queryList(c: Context<MockEnv>, name: string): string[] | undefined {
  const values = c.req.queries(name);
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function findRecord(org: OrgData, recordId: string): StoredRecord {
  const record = org.records.get(recordId);
  if (!record) throw notFound(`Record with ID "${recordId}" not found.`);
  return record;
}

export function findBoard(org: OrgData, boardId: string): Board {
  const board = org.boards.get(boardId);
  if (!board) throw notFound(`Board with ID "${boardId}" not found.`);
  return board;
}

/**
 * The board a record is read or written through. A board is a permission
 * boundary: one that does not show the record's kind gives no access to it.
 */
export function boardShowing(org: OrgData, boardId: string, record: StoredRecord): Board {
  const board = findBoard(org, boardId);
  if (board.objectKey !== record.objectKey) {
    throw new MockHttpError(
      403,
      `Board "${board.name}" shows ${board.objectKey} records, not ${record.objectKey}: record "${record.id}" cannot be reached through it.`,
    );
  }
  return board;
}

/** `?boardId` on a record call: optional, but when given it must be a real board that shows the record. */
export function optionalBoard(org: OrgData, value: unknown, record: StoredRecord, name = 'boardId'): Board | undefined {
  const problems: string[] = [];
  const boardId = checkUuid(value, name, problems, false);
  throwIfAny(problems);
  return boardId ? boardShowing(org, boardId, record) : undefined;
}
