import type { Hono } from 'hono';
import { badRequest } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { recordEvent } from '../records.ts';
import { checkDirection, checkInt, checkRecordKey, boardShowing, checkUuid, findRecord, queryList, readBody, throwIfAny } from '../request.ts';
import type { StoredEvent } from '../types.ts';
import { isPlainObject } from '../values.ts';
import { orgOf, type RouteDeps, writeContext } from './context.ts';

/**
 * The five types Rose Rocket's OpenAPI allows, on `POST /events` and in the
 * list's `type` filter. Events of dotted kinds such as `order.status-changed`
 * are written by the system alone (records.ts); a caller finds them with
 * `inTypes`, which takes any string.
 */
const EVENT_TYPES = ['create', 'mutate', 'internal', 'widget-open', 'widget-close'];
const ORDER_BY: Record<string, (e: StoredEvent) => string> = {
  createdAt: (e) => e.createdAt,
  id: (e) => e.id,
  type: (e) => e.type,
  refId: (e) => e.recordId,
  ownerId: (e) => e.user.id,
};
const MAX_LIMIT = 200;

const isEventType = (value: unknown): value is string => typeof value === 'string' && EVENT_TYPES.includes(value);
// class-validator's @IsEnum wording, which is what NestJS answers.
const typeMessage = (name: string) => `${name} must be one of the following values: ${EVENT_TYPES.join(', ')}`;
/** The UI's own open/close pings: stored, never listed. */
const isWidgetEvent = (e: StoredEvent) => e.type.startsWith('widget-');

/** Endpoints 12–13: a record's history, and adding to it. */
export function eventRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  app.get('/events', (c) => {
    const org = orgOf(c, deps);
    const q = (name: string) => c.req.query(name);
    const problems: string[] = [];
    const recordId = checkUuid(q('recordId'), 'recordId', problems);
    const def = checkRecordKey(q('objectKey'), 'objectKey', problems);
    // boardId says which board the record is read through; it is checked, not a filter.
    const boardId = checkUuid(q('boardId'), 'boardId', problems, false);
    const type = q('type');
    if (type !== undefined && !isEventType(type)) problems.push(typeMessage('type'));
    const inTypes = queryList(c, 'inTypes');
    const notInTypes = queryList(c, 'notInTypes');
    const userId = checkUuid(q('userId'), 'userId', problems, false);
    const orderBy = q('orderBy') ?? 'createdAt';
    if (!Object.hasOwn(ORDER_BY, orderBy)) problems.push(`orderBy must be one of the following values: ${Object.keys(ORDER_BY).join(', ')}`);
    const direction = checkDirection(q('orderByDirection'), 'orderByDirection', problems) ?? 'desc';
    const limit = checkInt(q('limit'), 'limit', problems, { min: 0, max: MAX_LIMIT }) ?? MAX_LIMIT;
    const offset = checkInt(q('offset'), 'offset', problems, { min: 0 }) ?? 0;
    throwIfAny(problems);

    const record = findRecord(org, recordId!);
    if (record.objectKey !== def!.key) throw badRequest(`objectKey "${def!.key}" does not match the record's objectKey "${record.objectKey}"`);
    if (boardId) boardShowing(org, boardId, record);

    const key = ORDER_BY[orderBy]!;
    const sign = direction === 'asc' ? 1 : -1;
    const listed = org.events
      .filter((e) => e.recordId === record.id && !isWidgetEvent(e))
      .filter((e) => (type ? e.type === type : true))
      .filter((e) => (inTypes ? inTypes.includes(e.type) : true))
      .filter((e) => (notInTypes ? !notInTypes.includes(e.type) : true))
      .filter((e) => (userId ? e.user.id === userId : true))
      .map((e, seq) => ({ e, seq }))
      // Events written in the same millisecond keep their write order.
      .sort((a, b) => sign * (key(a.e).localeCompare(key(b.e)) || a.seq - b.seq))
      .map(({ e }) => e);

    let start = offset;
    const bookmark = q('bookmark');
    if (bookmark) {
      const at = listed.findIndex((e) => e.id === bookmark);
      if (at < 0) throw badRequest(`bookmark "${bookmark}" is not an event of this record`);
      start += at;
    }
    return c.json({ total: listed.length, results: listed.slice(start, start + limit) });
  });

  app.post('/events', async (c) => {
    const org = orgOf(c, deps);
    const body = await readBody(c);
    const problems: string[] = [];
    const recordId = checkUuid(body.recordId, 'recordId', problems);
    const boardId = checkUuid(body.boardId, 'boardId', problems);
    if (body.type === undefined || body.type === '') problems.push('type should not be empty');
    else if (!isEventType(body.type)) problems.push(typeMessage('type'));
    if (!isPlainObject(body.json)) problems.push('json must be an object');
    throwIfAny(problems);

    const record = findRecord(org, recordId!);
    const board = boardShowing(org, boardId!, record);
    const event = recordEvent(org, record, body.type as string, body.json as Record<string, unknown>, writeContext(c, deps, board.id));
    return c.json(event);
  });
}
