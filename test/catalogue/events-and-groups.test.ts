import { describe, expect, it } from 'vitest';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { encodeCursor, type ListResult } from '../../tools/paging.ts';
import { BOARDS, fakeContext, IDS, invoke } from './fake-context.ts';

const tool = (name: string) => TOOLS_BY_NAME.get(name)!;

describe('events', () => {
  it('list sends the record and its normalised kind, the filters, and the page as limit/offset', async () => {
    const { ctx, calls } = fakeContext(() => ({ total: 120, results: [{ id: 'e1', type: 'mutate', json: { changedFields: [] } }] }));
    const result = (await invoke(
      tool('list_all_roserocket_events'),
      { object_key: 'Order', record_id: IDS.order, not_in_types: ['internal'], order_direction: 'desc', limit: 200, next_cursor: encodeCursor(200) },
      ctx,
    )) as ListResult;
    expect(calls).toEqual([
      {
        method: 'GET',
        path: ['events'],
        query: {
          recordId: IDS.order,
          objectKey: 'order',
          boardId: undefined,
          type: undefined,
          inTypes: undefined,
          notInTypes: ['internal'],
          userId: undefined,
          orderBy: undefined,
          orderByDirection: 'desc',
          limit: 200,
          offset: 200,
        },
      },
    ]);
    expect(result).toMatchObject({ total: 120, has_more: false });
  });

  it('list allows up to 200 per page, as Rose Rocket does, and no more', () => {
    const input = tool('list_all_roserocket_events').input;
    expect(input.safeParse({ object_key: 'order', record_id: IDS.order, limit: 200 }).success).toBe(true);
    expect(input.safeParse({ object_key: 'order', record_id: IDS.order, limit: 201 }).success).toBe(false);
  });

  const order = { id: IDS.order, objectKey: 'order', fullId: 'O-19' };
  const answering = (request: { method: string }) => (request.method === 'GET' ? order : { id: 'e2' });

  it('create reads the record, then posts to the board given, as an internal note by default', async () => {
    const { ctx, calls } = fakeContext(answering);
    await invoke(tool('create_a_roserocket_event'), { record_id: IDS.order, board_id: BOARDS.shift, data: { message: 'Audit: driver confirmed' } }, ctx);
    expect(calls).toEqual([
      { method: 'GET', path: ['objects', IDS.order] },
      { method: 'POST', path: ['events'], body: { recordId: IDS.order, boardId: BOARDS.shift, type: 'internal', json: { message: 'Audit: driver confirmed' } } },
    ]);
  });

  it("create falls back to the default board of the record's own kind", async () => {
    const { ctx, calls } = fakeContext(answering);
    await invoke(tool('create_a_roserocket_event'), { record_id: IDS.order, type: 'mutate', data: {} }, ctx);
    expect(calls[1]!.body).toMatchObject({ boardId: BOARDS.order, type: 'mutate' });
  });

  it('create refuses an object_key that is not the record\'s kind, before writing anything', async () => {
    const { ctx, calls } = fakeContext(answering);
    await expect(invoke(tool('create_a_roserocket_event'), { record_id: IDS.order, object_key: 'customer', data: {} }, ctx)).rejects.toMatchObject({
      field: 'object_key',
      reason: 'record O-19 is a order, not a customer; give object_key order or leave it out',
    });
    expect(calls.map((call) => call.method)).toEqual(['GET']);
  });

  it('create refuses the kinds Rose Rocket writes itself, saying how a status really changes', () => {
    const parsed = tool('create_a_roserocket_event').input.safeParse({ record_id: IDS.order, type: 'order.status-changed', data: { to: 'Delayed at border' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['type'], message: expect.stringMatching(/set the record's status field with update_a_roserocket_object_by_id/) });
  });
});

describe('user groups', () => {
  const groups = [
    { id: IDS.group, name: 'Night Dispatch', type: 'local' },
    { id: 'g2', name: 'LTL Dispatchers', type: 'local' },
  ];

  it('list pages the bare array Rose Rocket answers with', async () => {
    const { ctx, calls } = fakeContext(() => groups);
    const result = (await invoke(tool('list_all_roserocket_user_groups'), { limit: 1 }, ctx)) as ListResult;
    expect(calls).toEqual([{ method: 'GET', path: ['userGroups'] }]);
    expect(result).toMatchObject({ total: 2, has_more: true, results: [groups[0]] });
  });

  it('search sends the name and the page, and reads the total', async () => {
    const { ctx, calls } = fakeContext(() => ({ total: 1, results: [groups[0]] }));
    const result = (await invoke(tool('roserocket_user_groups_search'), { name: 'Night Dispatch' }, ctx)) as ListResult;
    expect(calls).toEqual([{ method: 'POST', path: ['userGroups', 'search'], body: { name: 'Night Dispatch', ids: undefined, limit: 25, offset: 0 } }]);
    expect(result).toMatchObject({ total: 1, has_more: false, results: [groups[0]] });
  });

  it('create sends the trimmed name and the description', async () => {
    const { ctx, calls } = fakeContext(() => ({}));
    await invoke(tool('create_a_roserocket_user_group'), { name: '  Weekend Dispatch ', description: 'Sat/Sun' }, ctx);
    expect(calls[0]).toEqual({ method: 'POST', path: ['userGroups'], body: { name: 'Weekend Dispatch', description: 'Sat/Sun' } });
  });

  it('members list pages the members of the group', async () => {
    const members = [{ id: IDS.user, addedAt: '2026-01-01T00:00:00Z', addedBy: 'Dana' }];
    const { ctx, calls } = fakeContext(() => ({ members }));
    const result = (await invoke(tool('list_all_roserocket_user_group_members'), { group_id: IDS.group }, ctx)) as ListResult;
    expect(calls).toEqual([{ method: 'GET', path: ['userGroups', IDS.group, 'members'] }]);
    expect(result).toMatchObject({ total: 1, has_more: false, results: members });
  });

  it('members update sends add and remove, and refuses a call that changes nothing', async () => {
    const { ctx, calls } = fakeContext(() => ({ added: 0, removed: 1 }));
    expect(await invoke(tool('roserocket_user_groups_update_members'), { group_id: IDS.group, remove: [IDS.user] }, ctx)).toEqual({ added: 0, removed: 1 });
    expect(calls).toEqual([{ method: 'POST', path: ['userGroups', IDS.group, 'members'], body: { add: [], remove: [IDS.user] } }]);
    await expect(invoke(tool('roserocket_user_groups_update_members'), { group_id: IDS.group }, ctx)).rejects.toMatchObject({ field: 'add' });
  });
});
