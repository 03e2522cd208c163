import { z } from 'zod';
import { READS } from './annotations.ts';
import { defineTool } from './define.ts';
import { arrayIn, listPage, pageOf, pageOfAll, pagingInput, projectionInput } from './paging.ts';
import { boardIdArg, objectKeyArg, orderDirectionArg } from './params.ts';

/**
 * Boards: Rose Rocket's saved views of one kind of record, and the
 * permission boundary most record calls go through. Their saved views
 * (filters, columns, layout) are in `board-views.ts`.
 */

export const BOARD_TAGS = ['boards', 'logistics'] as const;

/**
 * The board detail always has the keys a dispatcher's assistant looks for,
 * even when a board has no widgets or locations, so "none" reads as none.
 */
function boardDetail(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { widgets: [], widgetToOpen: null, locations: [], ...body };
}

export const listBoards = defineTool({
  name: 'list_all_roserocket_boards',
  title: 'List boards',
  description: "List the boards in the navigation (id, name, kind of record). A board is a saved view of one kind and a permission boundary.",
  method: 'list',
  tags: BOARD_TAGS,
  annotations: READS,
  example: { object_key: 'order' },
  input: z.object({
    object_key: objectKeyArg.optional().describe('Only boards of this kind.'),
    order_by: z.enum(['name', 'createdAt']).optional().describe('Sort field; navigation order if omitted.'),
    order_direction: orderDirectionArg,
    ...pagingInput(),
  }),
  request: async (args, ctx) => {
    const { offset, limit } = pageOf(args);
    return {
      method: 'GET',
      path: ['boards', 'nav'],
      query: {
        objectKey: args.object_key,
        orderBy: args.order_by,
        orderByDirection: args.order_direction,
        offset,
        // One more than asked: the nav list has no total, so the extra item is what says more exist.
        limit: limit + 1,
      },
    };
  },
  result: (body, args) => listPage(arrayIn(body), pageOf(args)),
});

export const getBoard = defineTool({
  name: 'get_single_roserocket_board_by_id',
  title: 'Get a board with its widgets and locations',
  description: "Read a board: its kind, widgets, widgetToOpen and locations (terminals, yards, warehouses, with timezones).",
  method: 'get',
  tags: BOARD_TAGS,
  annotations: READS,
  example: { board_id: '1c801d0c-ab12-45f2-ad1b-7fb1e8bfbb17' },
  input: z.object({ board_id: boardIdArg }),
  ids: { board_id: 'board' },
  request: (args) => ({ method: 'GET', path: ['boards', args.board_id] }),
  result: (body) => boardDetail(body),
});

export const listAllBoardsAdmin = defineTool({
  name: 'list_all_roserocket_boards_admin',
  title: 'List every board (administration)',
  description: "List every board, hidden ones too, as an administrator sees them. Needs an admin account.",
  method: 'list',
  tags: ['boards', 'admin'],
  annotations: READS,
  example: { object_key: 'order', include_hidden: false },
  input: z.object({
    object_key: objectKeyArg.optional().describe('Only boards of this kind.'),
    include_hidden: z.boolean().default(true).describe('Include hidden boards.'),
    ...pagingInput(),
    ...projectionInput,
  }),
  run: async (args, ctx) => {
    const objectKey = args.object_key;
    const { body } = await ctx.call({ method: 'GET', path: ['boards', 'admin', 'all'] });
    const boards = arrayIn(body).filter((board) => {
      const { objectKey: boardKey, isHidden } = board as { objectKey?: unknown; isHidden?: unknown };
      return (objectKey === undefined || boardKey === objectKey) && (args.include_hidden || isHidden !== true);
    });
    return pageOfAll(boards, pageOf(args), args.fields);
  },
});

export const BOARD_TOOLS = [listBoards, getBoard, listAllBoardsAdmin];
