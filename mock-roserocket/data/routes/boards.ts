import type { Hono } from 'hono';
import type { MockEnv } from '../../env.ts';
import { MockHttpError } from '../../errors.ts';
import { checkDirection, checkInt, checkObjectKey, findBoard, throwIfAny, uuidParam } from '../request.ts';
import { definitionOf } from '../schema.ts';
import type { Board } from '../types.ts';
import { orgOf, type RouteDeps } from './context.ts';

const NAV_ORDER: Record<string, (b: Board) => string> = {
  createdAt: (b) => b.createdAt,
  name: (b) => b.name.toLowerCase(),
};

export const boardDetail = (b: Board) => ({
  id: b.id,
  name: b.name,
  icon: b.icon,
  objectKey: b.objectKey,
  isExternal: b.isExternal,
  createdAt: b.createdAt,
  widgets: b.widgets,
  widgetToOpen: b.widgetToOpen,
  locations: b.locations,
});

/** Endpoint 14 plus the board detail and the admin list ([choice] shapes, listed in ../../README.md under "Choices the mock makes"). */
export function boardRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  app.get('/boards/nav', (c) => {
    const org = orgOf(c, deps);
    const problems: string[] = [];
    const objectKey = c.req.query('objectKey');
    const def = objectKey === undefined ? undefined : checkObjectKey(objectKey, 'objectKey', problems);
    const offset = checkInt(c.req.query('offset'), 'offset', problems, { min: 0 }) ?? 0;
    const limit = checkInt(c.req.query('limit'), 'limit', problems, { min: 0, max: 500 }) ?? 100;
    const orderBy = c.req.query('orderBy') ?? 'createdAt';
    if (!Object.hasOwn(NAV_ORDER, orderBy)) problems.push(`orderBy must be one of the following values: ${Object.keys(NAV_ORDER).join(', ')}`);
    const direction = checkDirection(c.req.query('orderByDirection'), 'orderByDirection', problems) ?? 'asc';
    throwIfAny(problems);

    const key = NAV_ORDER[orderBy]!;
    const sign = direction === 'asc' ? 1 : -1;
    // Hidden boards stay out of the navigation; creation order breaks ties, so the default board of a key comes first.
    const boards = [...org.boards.values()]
      .map((b, seq) => ({ b, seq }))
      .filter(({ b }) => !b.isHidden && (!def || b.objectKey === def.key))
      .sort((x, y) => sign * key(x.b).localeCompare(key(y.b)) || x.seq - y.seq)
      .map(({ b }) => ({ id: b.id, name: b.name, icon: b.icon, objectKey: b.objectKey, createdAt: b.createdAt, isExternal: b.isExternal }));
    return c.json(boards.slice(offset, offset + limit));
  });

  app.get('/boards/admin/all', (c) => {
    const org = orgOf(c, deps);
    // [choice] the caller is an admin when its user record's role is admin; NestJS's guard answers the rest with this 403.
    if (!org.isAdmin(c.get('userId'))) throw new MockHttpError(403, 'Forbidden resource');
    return c.json(
      [...org.boards.values()].map((b) => ({
        id: b.id,
        key: b.key,
        labelId: b.labelId,
        icon: b.icon,
        objectKey: b.objectKey,
        objectLabel: definitionOf(b.objectKey)?.label ?? b.objectKey,
        isExternal: b.isExternal,
        isHidden: b.isHidden,
        createdAt: b.createdAt,
      })),
    );
  });

  app.get('/boards/:boardId', (c) => {
    const org = orgOf(c, deps);
    return c.json(boardDetail(findBoard(org, uuidParam(c.req.param('boardId'), 'boardId'))));
  });
}
