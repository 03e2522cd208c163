import { z } from 'zod';
import { CREATES, DELETES, OVERWRITES, READS } from './annotations.ts';
import { defineTool, isPlainObject, type ToolContext, type UpstreamRequest } from './define.ts';
import { arrayIn, listPage, pageOf, pageOfResults, pagingInput, project, projectionInput } from './paging.ts';
import { objectKeyArg, optionalBoardIdArg, orderDirectionArg, pathsArg, recordIdArg, recordIdsArg, writeFieldsArg } from './params.ts';
import { createJson, updateJson, upsertJson, withLinkPaths } from './record-fields.ts';
import { searchFilterInput, simpleFilterInput, toUpstreamFilters, type SearchFilter } from './search-filters.ts';

/** Records of every kind (orders, customers, tasks, custom objects…), through Rose Rocket's one generic object API. */

const TAGS = ['objects', 'logistics'] as const;

const orderByArg = z.string().min(1).optional().describe('Sort field, e.g. createdAt.');

/** The arguments both record searches share. */
interface SearchArgs {
  object_key: string;
  board_id?: string | undefined;
  filters?: SearchFilter[] | undefined;
  order_by?: string | undefined;
  order_direction?: 'asc' | 'desc' | undefined;
  limit: number;
  next_cursor?: string | undefined;
  paths?: string[] | undefined;
  fields?: string[] | undefined;
}

/** `/objects/search` needs a board; the default board of the object key stands in when none is named. */
async function searchRequest(args: SearchArgs, ctx: ToolContext, options: { filtersOperator: 'and' | 'or'; timezone?: string | undefined }): Promise<UpstreamRequest> {
  const objectKey = args.object_key;
  const { offset, limit } = pageOf(args);
  return {
    method: 'POST',
    path: ['objects', 'search'],
    body: {
      boardId: args.board_id ?? (await ctx.boards.defaultFor(objectKey)),
      paths: await withLinkPaths(ctx, objectKey, args.paths, args.fields),
      filters: await toUpstreamFilters(ctx, objectKey, args.filters),
      filtersOperator: options.filtersOperator,
      orderByPath: args.order_by,
      orderByDirection: args.order_direction,
      timezone: options.timezone,
      limit,
      offset,
    },
  };
}

export const listObjects = defineTool({
  name: 'list_all_roserocket_objects',
  title: 'List records of one kind',
  description: "Browse records of one kind, filters all holding. Start here to look records up. total counts every match (limit 1 just counts). Lists lag writes by seconds.",
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'customer', filters: [{ path: 'name', operator: 'equals', value: 'Acme Corp' }], fields: ['name'] },
  input: z.object({
    object_key: objectKeyArg,
    board_id: optionalBoardIdArg,
    filters: z.array(simpleFilterInput).max(20).optional().describe('All must hold.'),
    order_by: orderByArg,
    order_direction: orderDirectionArg,
    paths: pathsArg,
    ...pagingInput(),
    ...projectionInput,
  }),
  ids: { board_id: 'board' },
  request: (args, ctx) => searchRequest(args, ctx, { filtersOperator: 'and' }),
  result: pageOfResults,
});

export const searchObjects = defineTool({
  name: 'roserocket_objects_search',
  title: 'Search records with full filter control',
  description: "Search records of one kind with or-logic, freeText and explicit field types, when list_all_roserocket_objects is not enough.",
  method: 'search',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'order', filters: [{ path: 'status', operator: 'in', value: ['dispatched'] }, { path: 'priority', operator: 'in', value: ['urgent'] }], filters_operator: 'or', order_by: 'fullId', limit: 20 },
  input: z.object({
    object_key: objectKeyArg,
    board_id: optionalBoardIdArg,
    filters: z.array(searchFilterInput).max(50).optional().describe('Combined by filters_operator.'),
    filters_operator: z.enum(['and', 'or']).default('and').describe('or: any filter may match.'),
    order_by: orderByArg,
    order_direction: orderDirectionArg,
    timezone: z.string().min(1).optional().describe('IANA zone for date filters.'),
    paths: pathsArg,
    ...pagingInput(),
    ...projectionInput,
  }),
  ids: { board_id: 'board' },
  request: (args, ctx) => searchRequest(args, ctx, { filtersOperator: args.filters_operator, timezone: args.timezone }),
  result: pageOfResults,
});

export const getObject = defineTool({
  name: 'get_single_roserocket_object_by_id',
  title: 'Get one record by id',
  description: "Read one record, the up-to-date copy, with the links named in paths.",
  method: 'get',
  tags: TAGS,
  annotations: READS,
  example: { record_id: 'ccb031ea-b2a7-4ca6-8f2f-7cda97cae06e', paths: ['primaryContact'] },
  input: z.object({
    record_id: recordIdArg,
    object_key: objectKeyArg.optional().describe('Kind of record; needed only for a bare number.'),
    paths: pathsArg,
    ...projectionInput,
  }),
  ids: { record_id: 'any' },
  // Links named in fields are asked for as paths; with a uuid and no object_key the kind is
  // known only from the answer, so a second read fetches them when one was named.
  run: async ({ record_id: recordId, object_key: objectKey, paths, fields }, ctx) => {
    const read = async (withPaths: string[] | undefined) => (await ctx.call({ method: 'GET', path: ['objects', recordId], query: { paths: withPaths } })).body;
    const asked = objectKey === undefined ? paths : await withLinkPaths(ctx, objectKey, paths, fields);
    let body = await read(asked);
    const kind = isPlainObject(body) && typeof body.objectKey === 'string' ? body.objectKey : undefined;
    if (objectKey === undefined && kind !== undefined && fields?.length) {
      const needed = await withLinkPaths(ctx, kind, paths, fields);
      if ((needed?.length ?? 0) > (asked?.length ?? 0)) body = await read(needed);
    }
    return project(body, fields);
  },
});

export const createObject = defineTool({
  name: 'create_a_roserocket_object',
  title: 'Create a record',
  description: "Create a record. For one another system also keeps (an ERP order), use roserocket_objects_upsert: a retry never duplicates it.",
  method: 'create',
  tags: TAGS,
  annotations: CREATES,
  example: { object_key: 'customer', fields: { name: 'Northwind Freight', industry: 'retail' } },
  input: z.object({ object_key: objectKeyArg, fields: writeFieldsArg, paths: pathsArg }),
  kinds: 'writable',
  request: async ({ object_key: objectKey, fields, paths }, ctx) => ({
    method: 'POST',
    path: ['objects'],
    body: { objectKey, json: await createJson(ctx, objectKey, fields), paths },
  }),
});

export const updateObject = defineTool({
  name: 'update_a_roserocket_object_by_id',
  title: 'Update a record',
  description: "Change some fields of a record; the rest keep their values. A status changes here, by its status field.",
  method: 'update',
  tags: TAGS,
  annotations: OVERWRITES,
  example: { object_key: 'customer', record_id: 'ccb031ea-b2a7-4ca6-8f2f-7cda97cae06e', fields: { email: 'dispatch@acme.example' } },
  input: z.object({ object_key: objectKeyArg, record_id: recordIdArg, fields: writeFieldsArg, paths: pathsArg }),
  kinds: 'writable',
  ids: { record_id: 'object_key' },
  request: async (args, ctx) => {
    const objectKey = args.object_key;
    return {
      method: 'PUT',
      path: ['objects', args.record_id],
      body: { objectKey, json: await updateJson(ctx, objectKey, args.fields), paths: args.paths },
    };
  },
});

export const deleteObject = defineTool({
  name: 'delete_a_roserocket_object_by_id',
  title: 'Delete a record',
  description: "Delete one record; the answer is the record as it was.",
  method: 'delete',
  tags: TAGS,
  annotations: DELETES,
  example: { record_id: '5303669a-b47b-4101-80ce-53a5a1da2526' },
  input: z.object({ record_id: recordIdArg.describe('Record: uuid or fullId (O-57).') }),
  ids: { record_id: 'any' },
  request: (args) => ({ method: 'DELETE', path: ['objects', args.record_id] }),
});

export const upsertObject = defineTool({
  name: 'roserocket_objects_upsert',
  title: 'Create or update a record by external id',
  description: "Create or update the record of this kind carrying this external id (an ERP number); repeating it never duplicates. The answer says which happened.",
  method: 'upsert',
  tags: TAGS,
  annotations: OVERWRITES,
  example: { object_key: 'customer', external_id: 'ERP-C-1001', fields: { name: 'Globex Retail' } },
  input: z.object({
    object_key: objectKeyArg,
    external_id: z.string().min(1).describe('Its id in the other system, e.g. ERP-992.'),
    fields: writeFieldsArg,
    paths: pathsArg,
  }),
  kinds: 'writable',
  // Rose Rocket answers 201 when it created the record and 200 when it updated one.
  run: async ({ object_key: objectKey, external_id: externalId, fields, paths }, ctx) => {
    const json = await upsertJson(ctx, objectKey, externalId, fields);
    const { status, body } = await ctx.call({ method: 'PATCH', path: ['objects'], body: { objectKey, json: { ...json, externalId }, paths } });
    return { upserted: status === 201 ? 'created' : 'updated', record: body };
  },
});

export const bulkDeleteObjects = defineTool({
  name: 'roserocket_objects_bulk_delete',
  title: 'Delete several records of one kind',
  description: "Delete up to 100 records of one kind at once, by their ids.",
  method: 'bulk_delete',
  tags: TAGS,
  annotations: DELETES,
  example: { object_key: 'customer', record_ids: ['5303669a-b47b-4101-80ce-53a5a1da2526'] },
  input: z.object({
    object_key: objectKeyArg,
    record_ids: recordIdsArg.min(1).max(100).describe('The records.'),
    board_id: optionalBoardIdArg,
  }),
  kinds: 'writable',
  ids: { record_ids: 'object_key', board_id: 'board' },
  run: async (args, ctx) => {
    const objectKey = args.object_key;
    const boardId = args.board_id ?? (await ctx.boards.defaultFor(objectKey));
    await ctx.call({ method: 'POST', path: ['objects', 'bulk_delete'], body: { boardId, objectKey, ids: args.record_ids } });
    return { objectKey, boardId, deleted: args.record_ids };
  },
});

export const autocompleteObjects = defineTool({
  name: 'list_all_roserocket_objects_autocomplete',
  title: 'Find records by name',
  description: "Find records of one kind by text in their name, fullId or number (\"Acme\", \"O-57\", \"99281\"): the best few matches as {id, fullId, name}.",
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'customer', search_term: 'acme' },
  input: z.object({
    object_key: objectKeyArg,
    search_term: z.string().optional().describe('Text, fullId or number.'),
    ids: recordIdsArg.optional().describe('Only these records (ids to names).'),
    label_path: z.string().min(1).optional().describe('Field shown as label.'),
    ...pagingInput(),
  }),
  ids: { ids: 'object_key' },
  request: async (args, ctx) => ({
    method: 'GET',
    path: ['objects', 'autocomplete'],
    query: {
      objectKey: args.object_key,
      searchTerm: args.search_term,
      ids: args.ids,
      labelPath: args.label_path,
    },
  }),
  // Rose Rocket answers with its best matches, not all of them: page through what came, but claim no total.
  result: (body, args) => {
    const page = pageOf(args);
    return listPage(arrayIn(body).slice(page.offset, page.offset + page.limit + 1), page);
  },
});

export const OBJECT_TOOLS = [
  listObjects,
  getObject,
  createObject,
  updateObject,
  deleteObject,
  upsertObject,
  bulkDeleteObjects,
  searchObjects,
  autocompleteObjects,
];
