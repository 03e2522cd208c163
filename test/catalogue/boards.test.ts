import { describe, expect, it } from 'vitest';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { decodeCursor, type ListResult } from '../../tools/paging.ts';
import { BOARDS, fakeContext, invoke } from './fake-context.ts';

const tool = (name: string) => TOOLS_BY_NAME.get(name)!;
const VIEW = '44444444-4444-4444-8444-444444444444';
const navBoards = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `b${i}`, name: `Board ${i}`, objectKey: 'order' }));

describe('boards', () => {
  it('list asks for one more than the limit, so it knows whether more exist without a total', async () => {
    const { ctx, calls } = fakeContext(() => navBoards(3));
    const result = (await invoke(tool('list_all_roserocket_boards'), { object_key: 'Order', limit: 2, order_by: 'name' }, ctx)) as ListResult;
    expect(calls).toEqual([
      { method: 'GET', path: ['boards', 'nav'], query: { objectKey: 'order', orderBy: 'name', orderByDirection: undefined, offset: 0, limit: 3 } },
    ]);
    expect(result.results).toEqual(navBoards(2));
    expect(result.has_more).toBe(true);
    expect(decodeCursor(result.next_cursor!)).toBe(2);
    expect(result).not.toHaveProperty('total');
  });

  it('list ends when fewer than limit+1 come back, and lists every kind when no object key is given', async () => {
    const { ctx, calls } = fakeContext(() => navBoards(2));
    const result = (await invoke(tool('list_all_roserocket_boards'), { limit: 2 }, ctx)) as ListResult;
    expect(calls[0]!.query!.objectKey).toBeUndefined();
    expect(result).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('detail shows widgets, widgetToOpen and locations as Rose Rocket gives them', async () => {
    const detail = {
      id: BOARDS.shift,
      name: 'Night Shift — Active',
      objectKey: 'task',
      widgets: [{ key: 'map', name: 'Map', version: 2 }],
      widgetToOpen: { key: 'task-detail', name: 'Task detail', version: 1 },
      locations: [{ id: 'l1', name: 'Toronto Terminal', type: 'terminal', address: { city: 'Toronto' }, timezone: 'America/Toronto' }],
    };
    const { ctx, calls } = fakeContext(() => detail);
    expect(await invoke(tool('get_single_roserocket_board_by_id'), { board_id: BOARDS.shift }, ctx)).toEqual(detail);
    expect(calls).toEqual([{ method: 'GET', path: ['boards', BOARDS.shift] }]);
  });

  it('detail says "none" explicitly for a board without widgets or locations', async () => {
    const { ctx } = fakeContext(() => ({ id: BOARDS.order, name: 'Orders' }));
    expect(await invoke(tool('get_single_roserocket_board_by_id'), { board_id: BOARDS.order }, ctx)).toEqual({
      id: BOARDS.order,
      name: 'Orders',
      widgets: [],
      widgetToOpen: null,
      locations: [],
    });
  });

  it('admin list filters by kind and hidden-ness on the full list, then pages it', async () => {
    const all = [
      { id: 'a', objectKey: 'order', isHidden: false },
      { id: 'b', objectKey: 'order', isHidden: true },
      { id: 'c', objectKey: 'customer', isHidden: false },
    ];
    const { ctx, calls } = fakeContext(() => all);
    const visible = (await invoke(tool('list_all_roserocket_boards_admin'), { object_key: 'order', include_hidden: false }, ctx)) as ListResult;
    const orders = (await invoke(tool('list_all_roserocket_boards_admin'), { object_key: 'order' }, ctx)) as ListResult;
    expect(calls[0]).toEqual({ method: 'GET', path: ['boards', 'admin', 'all'] });
    expect(visible.results).toEqual([all[0]]);
    expect(orders).toMatchObject({ total: 2, results: [all[0], all[1]] });
  });
});

describe('board views', () => {
  it('create infers filter types from the board’s kind of record, sending only what was given', async () => {
    const { ctx, calls } = fakeContext((request) => (request.method === 'GET' ? { id: BOARDS.order, objectKey: 'order' } : { id: VIEW }));
    await invoke(
      tool('create_a_roserocket_board_view'),
      { board_id: BOARDS.order, name: 'Late pickups', layout: 'map', filters: [{ path: 'status', operator: 'equals', value: 'new' }] },
      ctx,
    );
    expect(calls).toEqual([
      { method: 'GET', path: ['boards', BOARDS.order] },
      {
        method: 'POST',
        path: ['boards', BOARDS.order, 'views'],
        body: { name: 'Late pickups', layout: 'map', columnIds: [], filters: [{ path: 'status', operator: 'in', value: ['new'], fieldType: 'SelectField' }] },
      },
    ]);
  });

  it('create does not look the board up when it has no filters to type', async () => {
    const { ctx, calls } = fakeContext(() => ({ id: VIEW }));
    await invoke(tool('create_a_roserocket_board_view'), { board_id: BOARDS.order, name: 'All' }, ctx);
    expect(calls.map((call) => call.method)).toEqual(['POST']);
  });

  it('update patches only the settings given, and refuses an update that changes nothing', async () => {
    const { ctx, calls } = fakeContext(() => ({ id: VIEW }));
    await invoke(tool('update_a_roserocket_board_view_by_id'), { board_id: BOARDS.order, view_id: VIEW, order_by: 'createdAt', order_direction: 'desc' }, ctx);
    expect(calls).toEqual([{ method: 'PATCH', path: ['boards', BOARDS.order, 'views', VIEW], body: { orderByPath: 'createdAt', orderByDirection: 'desc' } }]);
    await expect(invoke(tool('update_a_roserocket_board_view_by_id'), { board_id: BOARDS.order, view_id: VIEW }, ctx)).rejects.toMatchObject({ reason: /nothing to change/ });
    expect(calls).toHaveLength(1);
  });

  it('list, get and delete address the view under its board', async () => {
    const { ctx, calls } = fakeContext((request) => (request.method === 'GET' && request.path.length === 3 ? [{ id: VIEW }] : { id: VIEW }));
    const list = (await invoke(tool('list_all_roserocket_board_views'), { board_id: BOARDS.order }, ctx)) as ListResult;
    await invoke(tool('get_single_roserocket_board_view_by_id'), { board_id: BOARDS.order, view_id: VIEW }, ctx);
    await invoke(tool('delete_a_roserocket_board_view_by_id'), { board_id: BOARDS.order, view_id: VIEW }, ctx);
    expect(list).toMatchObject({ total: 1, results: [{ id: VIEW }] });
    expect(calls).toEqual([
      { method: 'GET', path: ['boards', BOARDS.order, 'views'] },
      { method: 'GET', path: ['boards', BOARDS.order, 'views', VIEW] },
      { method: 'DELETE', path: ['boards', BOARDS.order, 'views', VIEW] },
    ]);
  });
});
