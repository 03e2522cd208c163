import { z } from 'zod';
import { DELETES, OVERWRITES, READS } from './annotations.ts';
import { defineTool } from './define.ts';
import { projectionInput, project } from './paging.ts';
import { externalIdArg, objectKeyArg, pathsArg, writeFieldsArg } from './params.ts';
import { externalIdExists, upsertJson } from './record-fields.ts';

/** Records addressed by the id another system (an ERP, a WMS) gave them, kept in Rose Rocket as `externalId`. */

const TAGS = ['external_ids', 'logistics'] as const;

const externalPath = (objectKey: string, externalId: string) => ['objects', objectKey, externalId, 'external'];

export const getByExternalId = defineTool({
  name: 'get_single_roserocket_objects_external_by_id',
  title: 'Get a record by its external id',
  // Rose Rocket documents no paths on this read, so links are left out: the description says where they are.
  description: "Read the record another system (ERP, WMS) knows by its own id, e.g. order ERP-992. Without its links: for those, get_single_roserocket_object_by_id takes this id too, with paths.",
  method: 'get',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'order', external_id: 'ERP-992' },
  input: z.object({ object_key: objectKeyArg, external_id: externalIdArg, ...projectionInput }),
  request: (args) => ({ method: 'GET', path: externalPath(args.object_key, args.external_id) }),
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
  kinds: 'writable',
  // This route answers 200 either way, so whether the record existed is asked first (once: the write checks reuse the answer).
  run: async ({ object_key: objectKey, external_id: externalId, fields, paths }, ctx) => {
    const existed = await externalIdExists(ctx, objectKey, externalId);
    const json = await upsertJson(ctx, objectKey, externalId, fields, existed);
    const { body } = await ctx.call({ method: 'PATCH', path: externalPath(objectKey, externalId), body: { objectKey, json, paths } });
    return { upserted: existed ? 'updated' : 'created', record: body };
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
  kinds: 'writable',
  request: (args) => ({ method: 'DELETE', path: externalPath(args.object_key, args.external_id) }),
});

export const EXTERNAL_ID_TOOLS = [getByExternalId, upsertByExternalId, deleteByExternalId];
