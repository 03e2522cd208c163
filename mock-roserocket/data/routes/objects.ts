import type { Hono } from 'hono';
import { badRequest, notFound } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { parsePaths, renderRecord } from '../expand.ts';
import { applyPlan, deleteRecord, planOrThrow } from '../records.ts';
import { checkRecordKey, checkUuid, findBoard, findRecord, optionalBoard, readBody, throwIfAny, uuidParam } from '../request.ts';
import { definitionOf } from '../schema.ts';
import { isUuid } from '../uuid.ts';
import { planWrite } from '../validate.ts';
import { orgOf, type RouteDeps, writeContext } from './context.ts';
import { assertWritable, parseEnvelope, readPaths, responsePaths } from './envelope.ts';

/** Endpoints 1–5 and 9: records by id, upsert by `json.externalId`, bulk delete. */
export function objectRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  app.post('/objects/bulk_delete', async (c) => {
    const org = orgOf(c, deps);
    const body = await readBody(c);
    const problems: string[] = [];
    const boardId = checkUuid(body.boardId, 'boardId', problems);
    const def = checkRecordKey(body.objectKey, 'objectKey', problems);
    const ids = body.ids;
    if (!Array.isArray(ids)) problems.push('ids must be an array');
    else if (!ids.length) problems.push('ids should not be empty');
    else if (!ids.every(isUuid)) problems.push('each value in ids must be a UUID');
    throwIfAny(problems);

    assertWritable(def!);
    const board = findBoard(org, boardId!);
    if (board.objectKey !== def!.key) throw badRequest(`objectKey "${def!.key}" does not match board "${board.name}", which holds ${board.objectKey} records`);
    // All or nothing: every id is checked before the first is deleted.
    const records = (ids as string[]).map((id) => {
      const record = org.records.get(id);
      if (!record || record.objectKey !== def!.key) throw notFound(`${def!.label} with ID "${id}" not found.`);
      return record;
    });
    for (const record of records) deleteRecord(org, record);
    return c.body(null, 204);
  });

  app.post('/objects', async (c) => {
    const org = orgOf(c, deps);
    const { def, json, paths } = parseEnvelope(await readBody(c));
    parsePaths(def.key, paths);
    const plan = planOrThrow(org, (problems) => planWrite(org, def, json, undefined, problems));
    const record = applyPlan(org, plan, writeContext(c, deps), true);
    return c.json({ ...renderRecord(org, record, responsePaths(def.key, paths, [...plan.links.keys()])), errors: [] });
  });

  app.patch('/objects', async (c) => {
    const org = orgOf(c, deps);
    const { def, json, paths } = parseEnvelope(await readBody(c));
    const externalId = json.externalId;
    if (typeof externalId !== 'string' || !externalId.trim()) throw badRequest('json.externalId should not be empty', 'json.externalId must be a string');
    parsePaths(def.key, paths);
    const existing = org.findByExternalId(def.key, externalId);
    const plan = planOrThrow(org, (problems) => planWrite(org, def, json, existing, problems));
    const record = applyPlan(org, plan, writeContext(c, deps), true);
    return c.json(renderRecord(org, record, responsePaths(def.key, paths, [...plan.links.keys()])), existing ? 200 : 201);
  });

  app.get('/objects/:recordId', (c) => {
    const org = orgOf(c, deps);
    const record = findRecord(org, uuidParam(c.req.param('recordId'), 'recordId'));
    optionalBoard(org, c.req.query('boardId'), record);
    return c.json(renderRecord(org, record, readPaths(record.objectKey, c.req.query('paths'), c.req.query('isDetailView'))));
  });

  app.put('/objects/:recordId', async (c) => {
    const org = orgOf(c, deps);
    const recordId = uuidParam(c.req.param('recordId'), 'recordId');
    const body = await readBody(c);
    const { def, json, paths } = parseEnvelope(body);
    const record = findRecord(org, recordId);
    if (record.objectKey !== def.key) throw badRequest(`objectKey "${def.key}" does not match the record's objectKey "${record.objectKey}"`);
    const board = optionalBoard(org, body.boardId, record);
    parsePaths(def.key, paths);
    const plan = planOrThrow(org, (found) => planWrite(org, def, json, record, found));
    applyPlan(org, plan, writeContext(c, deps, board?.id), true);
    return c.json(renderRecord(org, record, responsePaths(def.key, paths, [...plan.links.keys()])));
  });

  app.delete('/objects/:recordId', (c) => {
    const org = orgOf(c, deps);
    const record = findRecord(org, uuidParam(c.req.param('recordId'), 'recordId'));
    optionalBoard(org, c.req.query('boardId'), record);
    assertWritable(definitionOf(record.objectKey)!);
    const rendered = renderRecord(org, record);
    deleteRecord(org, record);
    return c.json(rendered);
  });
}
