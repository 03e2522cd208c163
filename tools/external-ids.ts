import { z } from 'zod';
import { DELETES, OVERWRITES, READS } from './annotations.ts';
import { defineTool, type ToolContext } from './define.ts';
import { projectionInput, project } from './paging.ts';
import { externalIdArg, objectKeyArg, pathsArg, writeFieldsArg } from './params.ts';
import { upsertJson } from './record-fields.ts';

/** Records addressed by the id another system (an ERP, a WMS) gave them, kept in Rose Rocket as `externalId`. */

const TAGS = ['external_ids', 'logistics'] as const;

async function externalPath(args: { object_key: string; external_id: string }, ctx: ToolContext) {
  const objectKey = await ctx.objectKeys.resolve(args.object_key, 'object_key');
  return { objectKey, path: ['objects', objectKey, args.external_id, 'external'] };
}

export const getByExternalId = defineTool({
  name: 'get_single_roserocket_objects_external_by_id',
  title: 'Get a record by its external id',
  description: "Read the record another system (ERP, WMS) knows by its own id, e.g. order ERP-992.",
  method: 'get',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'order', external_id: 'ERP-992' },
  input: z.object({ object_key: objectKeyArg, external_id: externalIdArg, ...projectionInput }),
  request: async (args, ctx) => ({ method: 'GET', path: (await externalPath(args, ctx)).path }),
  result: (body, args) => project(body, args.fields),
});

export const upsertByExternalId = defineTool({
  name: 'roserocket_objects_external_upsert',
  title: 'Create or update a record at its external id',
  description: "Create or update the record at its external id; repeating it never duplicates. The answer says which happened.",
  method: 'upsert',
  tags: TAGS,
  annotations: OVERWRITES,
  example: { object_key: 'order', external_id: 'ERP-992', fields: { referenceNumber: 'PO-77121' } },
  input: z.object({ object_key: objectKeyArg, external_id: externalIdArg, fields: writeFieldsArg, paths: pathsArg }),
  request: async (args, ctx) => {
    const { objectKey, path } = await externalPath(args, ctx);
    return { method: 'PATCH', path, body: { objectKey, json: await upsertJson(ctx, objectKey, args.external_id, args.fields), paths: args.paths } };
  },
});

export const deleteByExternalId = defineTool({
  name: 'delete_a_roserocket_objects_external_by_id',
  title: 'Delete a record by its external id',
  description: "Delete the record at its external id; the answer is the record as it was.",
  method: 'delete',
  tags: TAGS,
  annotations: DELETES,
  example: { object_key: 'order', external_id: 'ERP-992' },
  input: z.object({ object_key: objectKeyArg, external_id: externalIdArg }),
  request: async (args, ctx) => ({ method: 'DELETE', path: (await externalPath(args, ctx)).path }),
});

export const EXTERNAL_ID_TOOLS = [getByExternalId, upsertByExternalId, deleteByExternalId];
