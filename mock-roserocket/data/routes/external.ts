import type { Hono } from 'hono';
import { badRequest, notFound } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { parsePaths, renderRecord } from '../expand.ts';
import { applyPlan, deleteRecord, planOrThrow } from '../records.ts';
import { objectKeyOrThrow, readBody } from '../request.ts';
import type { OrgData } from '../store.ts';
import type { ObjectDef, StoredRecord } from '../types.ts';
import { planWrite } from '../validate.ts';
import { orgOf, type RouteDeps, writeContext } from './context.ts';
import { assertWritable, parseEnvelope, readPaths, responsePaths } from './envelope.ts';

/** Endpoints 6–8: a record addressed by object key and external id. */
export function externalRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  const path = '/objects/:objectKey/:externalId/external';

  app.get(path, (c) => {
    const org = orgOf(c, deps);
    const record = findExternal(org, objectKeyOrThrow(c.req.param('objectKey')), c.req.param('externalId'));
    return c.json(renderRecord(org, record, readPaths(record.objectKey, c.req.query('paths'), c.req.query('isDetailView'))));
  });

  app.patch(path, async (c) => {
    const org = orgOf(c, deps);
    const pathDef = objectKeyOrThrow(c.req.param('objectKey'));
    const externalId = c.req.param('externalId');
    const { def, json, paths } = parseEnvelope(await readBody(c), pathDef.key);
    if (def.key !== pathDef.key) throw badRequest(`objectKey "${def.key}" in the body does not match "${pathDef.key}" in the path`);
    if (json.externalId !== undefined && json.externalId !== externalId) {
      throw badRequest(`json.externalId "${String(json.externalId)}" does not match "${externalId}" in the path`);
    }
    parsePaths(def.key, paths);
    const existing = org.findByExternalId(def.key, externalId);
    const plan = planOrThrow(org, (problems) => planWrite(org, def, { ...json, externalId }, existing, problems));
    const record = applyPlan(org, plan, writeContext(c, deps), true);
    return c.json(renderRecord(org, record, responsePaths(def.key, paths, [...plan.links.keys()])));
  });

  app.delete(path, (c) => {
    const org = orgOf(c, deps);
    const def = objectKeyOrThrow(c.req.param('objectKey'));
    assertWritable(def);
    const record = findExternal(org, def, c.req.param('externalId'));
    const rendered = renderRecord(org, record);
    deleteRecord(org, record);
    return c.json(rendered);
  });
}

function findExternal(org: OrgData, def: ObjectDef, externalId: string): StoredRecord {
  const record = org.findByExternalId(def.key, externalId);
  if (!record) throw notFound(`${def.label} with externalId "${externalId}" not found.`);
  return record;
}
