import { z } from 'zod';
import { CREATES, DELETES, OVERWRITES, READS } from './annotations.ts';
import { BOARD_TAGS } from './boards.ts';
import { defineTool, ToolInputError, type ToolContext } from './define.ts';
import { arrayIn, pageOf, pageOfAll, pagingInput } from './paging.ts';
import { boardIdArg, orderDirectionArg } from './params.ts';
import { simpleFilterInput, toUpstreamFilters, type SearchFilter } from './search-filters.ts';

/** A board's saved views: named filters, columns and a layout, as dispatchers pick them in the board's menu. */

const viewIdArg = z.guid().describe('View id.');

const viewSettings = {
  name: z.string().min(1).max(200).describe('Name in the board menu.'),
  layout: z.enum(['table', 'kanban', 'map']).describe('How records show.'),
  column_ids: z.array(z.string().min(1)).describe('Columns, by field key.'),
  filters: z.array(simpleFilterInput).max(50).describe('All must hold.'),
  order_by: z.string().min(1).describe('Sort field.'),
  order_direction: orderDirectionArg.unwrap().describe('Sort direction.'),
};

type ViewSettings = Partial<{ [K in keyof typeof viewSettings]: z.output<(typeof viewSettings)[K]> }>;

/** The board's object key, needed only to infer the types of filters given without one. */
async function boardObjectKey(ctx: ToolContext, boardId: string, filters: readonly SearchFilter[] | undefined): Promise<string | undefined> {
  if (!filters?.some((filter) => filter.field_type === undefined)) return undefined;
  const { body } = await ctx.call<{ objectKey?: unknown }>({ method: 'GET', path: ['boards', boardId] });
  return typeof body?.objectKey === 'string' ? body.objectKey : undefined;
}

/** The wire body of a view: only the settings given, in Rose Rocket's names. */
async function viewBody(ctx: ToolContext, boardId: string, settings: ViewSettings): Promise<Record<string, unknown>> {
  const wire: Record<string, unknown> = {
    name: settings.name,
    layout: settings.layout,
    columnIds: settings.column_ids,
    filters: settings.filters && (await toUpstreamFilters(ctx, await boardObjectKey(ctx, boardId, settings.filters), settings.filters)),
    orderByPath: settings.order_by,
    orderByDirection: settings.order_direction,
  };
  return Object.fromEntries(Object.entries(wire).filter(([, value]) => value !== undefined));
}

export const listBoardViews = defineTool({
  name: 'list_all_roserocket_board_views',
  title: "List a board's saved views",
  description: "List a board's saved views: filters, columns, layout.",
  method: 'list',
  tags: BOARD_TAGS,
  annotations: READS,
  example: { board_id: '8a31349c-88cb-429f-a866-197b8a0c2610' },
  ids: { board_id: 'board' },
  input: z.object({ board_id: boardIdArg, ...pagingInput() }),
  request: (args) => ({ method: 'GET', path: ['boards', args.board_id, 'views'] }),
  result: (body, args) => pageOfAll(arrayIn(body), pageOf(args)),
});

export const getBoardView = defineTool({
  name: 'get_single_roserocket_board_view_by_id',
  title: 'Get a saved view',
  description: "Read one saved view of a board: filters, columns, layout.",
  method: 'get',
  tags: BOARD_TAGS,
  annotations: READS,
  example: { board_id: '8a31349c-88cb-429f-a866-197b8a0c2610', view_id: '5194b483-792d-4cc6-ba8e-3ca935caad9c' },
  ids: { board_id: 'board' },
  input: z.object({ board_id: boardIdArg, view_id: viewIdArg }),
  request: (args) => ({ method: 'GET', path: ['boards', args.board_id, 'views', args.view_id] }),
});

export const createBoardView = defineTool({
  name: 'create_a_roserocket_board_view',
  title: 'Save a new view on a board',
  description: "Save a named view in a board's menu, e.g. \"Late pickups\".",
  method: 'create',
  tags: BOARD_TAGS,
  annotations: CREATES,
  example: { board_id: '8a31349c-88cb-429f-a866-197b8a0c2610', name: 'Booked only', layout: 'kanban', filters: [{ path: 'status', operator: 'in', value: ['booked'] }] },
  ids: { board_id: 'board' },
  input: z.object({
    board_id: boardIdArg,
    name: viewSettings.name,
    layout: viewSettings.layout.default('table'),
    column_ids: viewSettings.column_ids.default([]),
    filters: viewSettings.filters.default([]),
    order_by: viewSettings.order_by.optional(),
    order_direction: viewSettings.order_direction.optional(),
  }),
  request: async ({ board_id, ...settings }, ctx) => ({
    method: 'POST',
    path: ['boards', board_id, 'views'],
    body: await viewBody(ctx, board_id, settings),
  }),
});

export const updateBoardView = defineTool({
  name: 'update_a_roserocket_board_view_by_id',
  title: 'Change a saved view',
  description: "Change a saved view; settings left out stay, filters given replace the old ones.",
  method: 'update',
  tags: BOARD_TAGS,
  annotations: OVERWRITES,
  example: { board_id: '8a31349c-88cb-429f-a866-197b8a0c2610', view_id: '44a854cd-b1b9-459b-80c8-9f7657b38045', name: 'Dispatch kanban' },
  ids: { board_id: 'board' },
  input: z.object({
    board_id: boardIdArg,
    view_id: viewIdArg,
    name: viewSettings.name.optional(),
    layout: viewSettings.layout.optional(),
    column_ids: viewSettings.column_ids.optional(),
    filters: viewSettings.filters.optional(),
    order_by: viewSettings.order_by.optional(),
    order_direction: viewSettings.order_direction.optional(),
  }),
  request: async ({ board_id, view_id, ...settings }, ctx) => {
    const body = await viewBody(ctx, board_id, settings);
    if (Object.keys(body).length === 0) {
      throw new ToolInputError('name', 'nothing to change: give at least one of name, layout, column_ids, filters, order_by, order_direction');
    }
    return { method: 'PATCH', path: ['boards', board_id, 'views', view_id], body };
  },
});

export const deleteBoardView = defineTool({
  name: 'delete_a_roserocket_board_view_by_id',
  title: 'Delete a saved view',
  description: "Remove a saved view; its records are not touched.",
  method: 'delete',
  tags: BOARD_TAGS,
  annotations: DELETES,
  example: { board_id: '8a31349c-88cb-429f-a866-197b8a0c2610', view_id: '44a854cd-b1b9-459b-80c8-9f7657b38045' },
  ids: { board_id: 'board' },
  input: z.object({ board_id: boardIdArg, view_id: viewIdArg }),
  request: (args) => ({ method: 'DELETE', path: ['boards', args.board_id, 'views', args.view_id] }),
});

export const BOARD_VIEW_TOOLS = [listBoardViews, getBoardView, createBoardView, updateBoardView, deleteBoardView];
