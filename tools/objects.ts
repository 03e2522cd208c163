import { z } from 'zod';
import { CREATES, DELETES, OVERWRITES, READS } from './annotations.ts';
import { defineTool, type ToolContext, type UpstreamRequest } from './define.ts';
import { arrayIn, listPage, pageOf, pageOfResults, pagingInput, project, projectionInput } from './paging.ts';
import { objectKeyArg, optionalBoardIdArg, orderDirectionArg, pathsArg, recordIdArg, writeFieldsArg } from './params.ts';
import { createJson, updateJson, upsertJson } from './record-fields.ts';
import { searchFilterInput, simpleFilterInput, toUpstreamFilters, type SearchFilter } from './search-filters.ts';

/** Records of every kind (orders, customers, tasks, custom objects…), through Rose Rocket's one generic object API. */

const TAGS = ['objects', 'logistics'] as const;

const orderByArg = z.string().min(1).optional().describe('The field to sort by, e.g. "createdAt" or "fullId".');

/** The arguments both record searches share. */
interface SearchArgs {
  object_key: string;
  board_id?: string | undefined;
  filters?: SearchFilter[] | undefined;
  order_by?: string | undefined;
  order_direction?: 'asc' | 'desc' | undefined;
  limit: number;
  next_cursor?: string | undefined;
}

/** `/objects/search` needs a board; the default board of the object key stands in when none is named. */
async function searchRequest(args: SearchArgs, ctx: ToolContext, options: { filtersOperator: 'and' | 'or'; timezone?: string | undefined }): Promise<UpstreamRequest> {
  const objectKey = await ctx.objectKeys.resolve(args.object_key, 'object_key');
  const { offset, limit } = pageOf(args);
  return {
    method: 'POST',
    path: ['objects', 'search'],
    body: {
      boardId: args.board_id ?? (await ctx.boards.defaultFor(objectKey)),
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
  description:
    'Browse records of one kind (orders, customers, tasks, …), optionally narrowed by simple filters that must all match, through the default board of that kind unless a board is named. ' +
    'Start here to look records up. Use roserocket_objects_search for either/or filters, and get_single_roserocket_objects_external_by_id when you have an ERP or other external id. ' +
    'Lists lag writes by a few seconds; read a record you just wrote with get_single_roserocket_object_by_id.',
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'customer', filters: [{ path: 'name', operator: 'equals', value: 'Acme Corp' }], fields: ['name'] },
  input: z.object({
    object_key: objectKeyArg,
    board_id: optionalBoardIdArg,
    filters: z.array(simpleFilterInput).max(20).optional().describe('Conditions that must all hold; field types are inferred from the object definition.'),
    order_by: orderByArg,
    order_direction: orderDirectionArg,
    ...pagingInput(),
    ...projectionInput,
  }),
  request: (args, ctx) => searchRequest(args, ctx, { filtersOperator: 'and' }),
  result: pageOfResults,
});

export const searchObjects = defineTool({
  name: 'roserocket_objects_search',
  title: 'Search records with full filter control',
  description:
    "Search one kind of record with Rose Rocket's full filter model: any-of or all-of logic, free-text search, date ranges, and explicit field types. " +
    'Use it when list_all_roserocket_objects is not enough, e.g. "orders that are late OR unassigned". Like lists, results lag writes by a few seconds.',
  method: 'search',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'order', filters: [{ path: 'status', operator: 'in', value: ['dispatched'] }, { path: 'priority', operator: 'in', value: ['urgent'] }], filters_operator: 'or', order_by: 'fullId', limit: 20 },
  input: z.object({
    object_key: objectKeyArg,
    board_id: optionalBoardIdArg,
    filters: z.array(searchFilterInput).max(50).optional().describe('The conditions, combined by filters_operator.'),
    filters_operator: z.enum(['and', 'or']).default('and').describe('"and": every filter must match; "or": any one is enough.'),
    order_by: orderByArg,
    order_direction: orderDirectionArg,
    timezone: z.string().min(1).optional().describe('IANA timezone (e.g. America/Toronto) in which date filters are read.'),
    ...pagingInput(),
    ...projectionInput,
  }),
  request: (args, ctx) => searchRequest(args, ctx, { filtersOperator: args.filters_operator, timezone: args.timezone }),
  result: pageOfResults,
});

export const getObject = defineTool({
  name: 'get_single_roserocket_object_by_id',
  title: 'Get one record by id',
  description:
    'Read one record of any kind by its id (a uuid), with the linked records you name in paths (its customer, stops, …). ' +
    'This is the authoritative, up-to-date copy. Have an external id (ERP-992) instead? Use get_single_roserocket_objects_external_by_id.',
  method: 'get',
  tags: TAGS,
  annotations: READS,
  example: { record_id: 'ccb031ea-b2a7-4ca6-8f2f-7cda97cae06e', paths: ['primaryContact'] },
  input: z.object({ record_id: recordIdArg, paths: pathsArg, ...projectionInput }),
  request: (args) => ({ method: 'GET', path: ['objects', args.record_id], query: { paths: args.paths } }),
  result: (body, args) => project(body, args.fields),
});

export const createObject = defineTool({
  name: 'create_a_roserocket_object',
  title: 'Create a record',
  description:
    'Create a new record of any kind (an order, a customer, a task, …). Required fields are checked before anything is sent. ' +
    'To create-or-update a record that another system knows by its own id, use roserocket_objects_upsert instead, so retries never create duplicates.',
  method: 'create',
  tags: TAGS,
  annotations: CREATES,
  example: { object_key: 'customer', fields: { name: 'Northwind Freight', industry: 'retail' } },
  input: z.object({ object_key: objectKeyArg, fields: writeFieldsArg, paths: pathsArg }),
  request: async (args, ctx) => {
    const objectKey = await ctx.objectKeys.resolve(args.object_key, 'object_key');
    return { method: 'POST', path: ['objects'], body: { objectKey, json: await createJson(ctx, objectKey, args.fields), paths: args.paths } };
  },
});

export const updateObject = defineTool({
  name: 'update_a_roserocket_object_by_id',
  title: 'Update a record',
  description:
    'Change some fields of an existing record, by its id; fields you leave out keep their values. The answer is the updated record, with its version increased.',
  method: 'update',
  tags: TAGS,
  annotations: OVERWRITES,
  example: { object_key: 'customer', record_id: 'ccb031ea-b2a7-4ca6-8f2f-7cda97cae06e', fields: { email: 'dispatch@acme.example' } },
  input: z.object({ object_key: objectKeyArg, record_id: recordIdArg, fields: writeFieldsArg, paths: pathsArg }),
  request: async (args, ctx) => {
    const objectKey = await ctx.objectKeys.resolve(args.object_key, 'object_key');
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
  description: 'Delete one record by its id. The answer is the record as it was. For many records of one kind at once, use roserocket_objects_bulk_delete.',
  method: 'delete',
  tags: TAGS,
  annotations: DELETES,
  example: { record_id: '5303669a-b47b-4101-80ce-53a5a1da2526' },
  input: z.object({ record_id: recordIdArg }),
  request: (args) => ({ method: 'DELETE', path: ['objects', args.record_id] }),
});

export const upsertObject = defineTool({
  name: 'roserocket_objects_upsert',
  title: 'Create or update a record by external id',
  description:
    "Create a record, or update it if one of this kind already carries the external id: the safe way to sync from an ERP or another system, since repeating it never makes a duplicate. " +
    'Required fields are needed only when the record would be created.',
  method: 'upsert',
  tags: TAGS,
  annotations: OVERWRITES,
  example: { object_key: 'customer', external_id: 'ERP-C-1001', fields: { name: 'Globex Retail' } },
  input: z.object({
    object_key: objectKeyArg,
    external_id: z.string().min(1).describe("The record's id in the other system (e.g. ERP-992); it is stored as externalId and decides create or update."),
    fields: writeFieldsArg,
    paths: pathsArg,
  }),
  request: async (args, ctx) => {
    const objectKey = await ctx.objectKeys.resolve(args.object_key, 'object_key');
    const json = await upsertJson(ctx, objectKey, args.external_id, args.fields);
    return { method: 'PATCH', path: ['objects'], body: { objectKey, json: { ...json, externalId: args.external_id }, paths: args.paths } };
  },
});

export const bulkDeleteObjects = defineTool({
  name: 'roserocket_objects_bulk_delete',
  title: 'Delete several records of one kind',
  description: 'Delete up to 100 records of one kind in one call, by their ids. Rose Rocket answers with nothing, so the answer repeats the ids that were deleted.',
  method: 'bulk_delete',
  tags: TAGS,
  annotations: DELETES,
  example: { object_key: 'customer', record_ids: ['5303669a-b47b-4101-80ce-53a5a1da2526'] },
  input: z.object({
    object_key: objectKeyArg,
    record_ids: z.array(z.guid()).min(1).max(100).describe('The ids (uuids) of the records to delete, all of the kind given in object_key.'),
    board_id: optionalBoardIdArg,
  }),
  run: async (args, ctx) => {
    const objectKey = await ctx.objectKeys.resolve(args.object_key, 'object_key');
    const boardId = args.board_id ?? (await ctx.boards.defaultFor(objectKey));
    await ctx.call({ method: 'POST', path: ['objects', 'bulk_delete'], body: { boardId, objectKey, ids: args.record_ids } });
    return { objectKey, boardId, deleted: args.record_ids };
  },
});

export const autocompleteObjects = defineTool({
  name: 'list_all_roserocket_objects_autocomplete',
  title: 'Find records by name',
  description:
    'Find records of one kind whose name starts with or contains some text (e.g. the customer "Acme Corp"), to get their ids. ' +
    'Answers are short ({id, fullId, name, label}) and only the best matches Rose Rocket offers, not every record: narrow search_term to find others, ' +
    'or use list_all_roserocket_objects to go through them all. Read a whole record with get_single_roserocket_object_by_id.',
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'customer', search_term: 'acme' },
  input: z.object({
    object_key: objectKeyArg,
    search_term: z.string().optional().describe('The text to look for in the names; omit it to list the first records.'),
    ids: z.array(z.guid()).optional().describe('Only these records (uuids): useful to turn known ids into names.'),
    label_path: z.string().min(1).optional().describe('The field to show as the label instead of the default name.'),
    ...pagingInput(),
  }),
  request: async (args, ctx) => ({
    method: 'GET',
    path: ['objects', 'autocomplete'],
    query: {
      objectKey: await ctx.objectKeys.resolve(args.object_key, 'object_key'),
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
