import type { Context, Hono } from 'hono';
import { notFound } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { checkFilters } from '../filters.ts';
import { checkDirection, findBoard, readBody, throwIfAny, uuidParam } from '../request.ts';
import { resolvePath } from '../schema.ts';
import type { Board, BoardView, ViewLayout } from '../types.ts';
import { newUuid } from '../uuid.ts';
import { orgOf, nowIso, type RouteDeps } from './context.ts';

const LAYOUTS: readonly ViewLayout[] = ['table', 'kanban', 'map'];
const VIEW_KEYS = new Set(['name', 'labelId', 'layout', 'columnIds', 'filters', 'orderByPath', 'orderByDirection']);
type ViewFields = Omit<BoardView, 'id' | 'boardId' | 'createdAt' | 'updatedAt'>;

/**
 * A view's writable fields. `partial` (PATCH) checks only what is sent; a
 * full write (POST, PUT) needs a name and fills the rest with defaults.
 */
function checkView(board: Board, body: Record<string, unknown>, partial: boolean): Partial<ViewFields> {
  const problems: string[] = [];
  const out: Partial<ViewFields> = {};
  for (const key of Object.keys(body)) if (!VIEW_KEYS.has(key)) problems.push(`property ${key} should not exist`);
  const given = (key: string) => body[key] !== undefined;

  if (given('name')) {
    if (typeof body.name !== 'string' || !body.name.trim()) problems.push('name must be a non-empty string');
    else out.name = body.name.trim();
  } else if (!partial) problems.push('name should not be empty');
  if (given('labelId')) {
    if (typeof body.labelId !== 'string' || !body.labelId) problems.push('labelId must be a non-empty string');
    else out.labelId = body.labelId;
  }
  if (given('layout')) {
    if (!LAYOUTS.includes(body.layout as ViewLayout)) problems.push(`layout must be one of the following values: ${LAYOUTS.join(', ')}`);
    else out.layout = body.layout as ViewLayout;
  }
  if (given('columnIds')) {
    const columns = body.columnIds;
    if (!Array.isArray(columns) || !columns.every((col) => typeof col === 'string')) problems.push('columnIds must be an array of strings');
    else {
      for (const [i, col] of columns.entries()) {
        const resolved = resolvePath(board.objectKey, col);
        if (typeof resolved === 'string') problems.push(`columnIds.${i}: ${resolved}`);
      }
      out.columnIds = columns;
    }
  }
  if (given('filters')) out.filters = checkFilters(board.objectKey, body.filters, 'filters', problems);
  if (given('orderByPath')) {
    const resolved = typeof body.orderByPath === 'string' ? resolvePath(board.objectKey, body.orderByPath) : 'must be a string';
    if (typeof resolved === 'string') problems.push(`orderByPath: ${resolved}`);
    else out.orderByPath = body.orderByPath as string;
  }
  const direction = checkDirection(body.orderByDirection, 'orderByDirection', problems);
  if (direction) out.orderByDirection = direction;
  throwIfAny(problems);
  return out;
}

const labelIdFor = (name: string) => `view.${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

/** A whole view from the fields sent (POST, PUT): what is not sent takes its default. */
function wholeView(
  fields: ReturnType<typeof checkView>,
  fixed: Pick<BoardView, 'id' | 'boardId' | 'labelId' | 'createdAt' | 'updatedAt'>,
): BoardView {
  return {
    id: fixed.id,
    boardId: fixed.boardId,
    labelId: fields.labelId ?? fixed.labelId,
    name: fields.name!,
    layout: fields.layout ?? 'table',
    columnIds: fields.columnIds ?? [],
    filters: fields.filters ?? [],
    ...(fields.orderByPath ? { orderByPath: fields.orderByPath } : {}),
    ...(fields.orderByDirection ? { orderByDirection: fields.orderByDirection } : {}),
    createdAt: fixed.createdAt,
    updatedAt: fixed.updatedAt,
  };
}

/** Saved views of a board ([choice] shapes, listed in ../../README.md under "Choices the mock makes"). */
export function viewRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  const boardOf = (c: Context<MockEnv>) => {
    const org = orgOf(c, deps);
    const board = findBoard(org, uuidParam(c.req.param('boardId'), 'boardId'));
    let views = org.views.get(board.id);
    if (!views) org.views.set(board.id, (views = new Map()));
    return { board, views };
  };
  const viewOf = (c: Context<MockEnv>) => {
    const { board, views } = boardOf(c);
    const viewId = uuidParam(c.req.param('viewId'), 'viewId');
    const view = views.get(viewId);
    if (!view) throw notFound(`View with ID "${viewId}" not found on board "${board.name}".`);
    return { board, views, view };
  };

  app.get('/boards/:boardId/views', (c) => c.json([...boardOf(c).views.values()]));

  app.post('/boards/:boardId/views', async (c) => {
    const { board, views } = boardOf(c);
    const fields = checkView(board, await readBody(c), false);
    const now = nowIso(deps);
    const view = wholeView(fields, { id: newUuid(), boardId: board.id, labelId: labelIdFor(fields.name!), createdAt: now, updatedAt: now });
    views.set(view.id, view);
    return c.json(view);
  });

  app.get('/boards/:boardId/views/:viewId', (c) => c.json(viewOf(c).view));

  app.put('/boards/:boardId/views/:viewId', async (c) => {
    const { board, views, view } = viewOf(c);
    const fields = checkView(board, await readBody(c), false);
    // A full replace: what is not sent goes back to its default.
    const replaced = wholeView(fields, { id: view.id, boardId: board.id, labelId: view.labelId, createdAt: view.createdAt, updatedAt: nowIso(deps) });
    views.set(view.id, replaced);
    return c.json(replaced);
  });

  app.patch('/boards/:boardId/views/:viewId', async (c) => {
    const { board, views, view } = viewOf(c);
    const fields = checkView(board, await readBody(c), true);
    const patched: BoardView = { ...view, ...fields, updatedAt: nowIso(deps) };
    views.set(view.id, patched);
    return c.json(patched);
  });

  app.delete('/boards/:boardId/views/:viewId', (c) => {
    const { views, view } = viewOf(c);
    views.delete(view.id);
    return c.json(view);
  });
}
