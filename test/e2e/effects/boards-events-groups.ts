import { expect } from 'vitest';
import type { ListPage } from '../../support/tool-results.ts';
import { call, demo, expectGone, newView, tag, type Case, type Row } from './support.ts';

/** Object definitions, boards and their views, events, and user groups with their members. */
export const BOARD_EVENT_GROUP_CASES: Record<string, Case> = {
  async list_all_roserocket_object_definitions(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_object_definitions', { limit: 100 });
    expect(page.results).toContainEqual({ key: 'order', label: 'Order', fieldCount: expect.any(Number), requiredFields: ['customer'] });
    expect(page.results.map((d) => d.key)).toContain('load__c');
    expect(page).toMatchObject({ has_more: false, next_cursor: null, total: page.results.length });
  },

  async get_single_roserocket_object_definition_by_id(client) {
    // The custom object, reached by its display name.
    const definition = await call<{ key: string; label: string; fields: Row[] }>(client, 'get_single_roserocket_object_definition_by_id', { object_key: 'Truck Load' });
    expect(definition).toMatchObject({ key: 'load__c', label: 'Truck Load' });
    expect(definition.fields).toContainEqual(expect.objectContaining({ key: 'name', isRequired: true }));
  },

  async list_all_roserocket_boards(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_boards', { object_key: 'order' });
    expect(page.results.map((b) => b.name)).toContain(demo.boards.outboundFreight.name);
    expect(page.results.every((b) => b.objectKey === 'order')).toBe(true);
    expect(page.results[0]!.id).toBe(demo.boards.defaults.order);
  },

  async get_single_roserocket_board_by_id(client) {
    const board = await call<Row & { widgets: Row[]; locations: Row[] }>(client, 'get_single_roserocket_board_by_id', { board_id: demo.boards.nightShift.id });
    expect(board).toMatchObject({ id: demo.boards.nightShift.id, name: demo.boards.nightShift.name, objectKey: 'task' });
    expect(board.widgets.map((w) => w.key)).toEqual(['task-queue', 'driver-map', 'shift-handoff']);
    expect(board.widgetToOpen).toEqual({ key: 'task-queue', name: 'Task Queue', version: 5 });
    expect(board.locations.map((l) => l.name)).toEqual(['Toronto Terminal', 'Mississauga Yard', 'Buffalo Cross-Dock']);
  },

  async list_all_roserocket_boards_admin(client) {
    const all = await call<ListPage>(client, 'list_all_roserocket_boards_admin', { object_key: 'order', limit: 100 });
    expect(all.results.map((b) => b.id)).toContain(demo.boards.archivedOrders.id);
    const visible = await call<ListPage>(client, 'list_all_roserocket_boards_admin', { object_key: 'order', include_hidden: false, limit: 100 });
    expect(visible.results.map((b) => b.id)).not.toContain(demo.boards.archivedOrders.id);
    expect(visible.results.map((b) => b.id)).toContain(demo.boards.outboundFreight.id);
  },

  async list_all_roserocket_board_views(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_board_views', { board_id: demo.boards.outboundFreight.id });
    expect(page.results.map((v) => v.id)).toEqual(expect.arrayContaining([demo.views.outboundByPickup, demo.views.outboundKanban]));
  },

  async get_single_roserocket_board_view_by_id(client) {
    const view = await call(client, 'get_single_roserocket_board_view_by_id', { board_id: demo.boards.outboundFreight.id, view_id: demo.views.outboundByPickup });
    expect(view).toMatchObject({ id: demo.views.outboundByPickup, name: 'By pickup time', layout: 'table' });
  },

  async create_a_roserocket_board_view(client, era) {
    const view = await call(client, 'create_a_roserocket_board_view', {
      board_id: demo.boards.outboundFreight.id,
      name: `Booked only ${tag(era)}`,
      layout: 'kanban',
      filters: [{ path: 'status', operator: 'in', value: ['booked'] }],
    });
    // The filter's field type was inferred from the board's kind of record.
    expect(view).toMatchObject({ name: `Booked only ${tag(era)}`, layout: 'kanban', filters: [expect.objectContaining({ path: 'status', fieldType: 'SelectField' })] });
    const page = await call<ListPage>(client, 'list_all_roserocket_board_views', { board_id: demo.boards.outboundFreight.id, limit: 100 });
    expect(page.results.map((v) => v.id)).toContain(view.id);
  },

  async update_a_roserocket_board_view_by_id(client, era) {
    const view = await newView(client, `Rename me ${tag(era)}`);
    const updated = await call(client, 'update_a_roserocket_board_view_by_id', { board_id: demo.boards.outboundFreight.id, view_id: view.id, name: `Renamed ${tag(era)}` });
    expect(updated).toMatchObject({ id: view.id, name: `Renamed ${tag(era)}` });
  },

  async delete_a_roserocket_board_view_by_id(client, era) {
    const view = await newView(client, `Delete me ${tag(era)}`);
    await call(client, 'delete_a_roserocket_board_view_by_id', { board_id: demo.boards.outboundFreight.id, view_id: view.id });
    await expectGone(client, 'get_single_roserocket_board_view_by_id', { board_id: demo.boards.outboundFreight.id, view_id: view.id });
  },

  async list_all_roserocket_events(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_events', { object_key: 'order', record_id: demo.orders.erp992.id, order_direction: 'asc' });
    const types = page.results.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['create', 'mutate', 'order.status-changed']);
    expect(types).not.toContain('widget-open');
  },

  async create_a_roserocket_event(client, era) {
    const message = `Checked by the ${tag(era)} agent`;
    const event = await call(client, 'create_a_roserocket_event', { record_id: demo.orders.erp992.id, object_key: 'order', data: { message } });
    expect(event).toMatchObject({ id: expect.any(String), type: 'internal', json: { message } });
    const page = await call<ListPage>(client, 'list_all_roserocket_events', { object_key: 'order', record_id: demo.orders.erp992.id, type: 'internal', limit: 100 });
    expect(page.results.map((e) => e.id)).toContain(event.id);
  },

  async list_all_roserocket_user_groups(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_user_groups', {});
    expect(page.results.map((g) => g.name)).toEqual(expect.arrayContaining(['Night Dispatch', 'LTL Dispatchers']));
  },

  async create_a_roserocket_user_group(client, era) {
    const name = `Weekend Dispatch ${tag(era)}`;
    const group = await call(client, 'create_a_roserocket_user_group', { name, description: 'Saturday and Sunday cover' });
    expect(group).toMatchObject({ id: expect.any(String), name, type: 'local', description: 'Saturday and Sunday cover' });
    const found = await call<ListPage>(client, 'roserocket_user_groups_search', { name });
    expect(found.results.map((g) => g.id)).toEqual([group.id]);
  },

  async roserocket_user_groups_search(client) {
    const page = await call<ListPage>(client, 'roserocket_user_groups_search', { name: 'Night Dispatch' });
    expect(page.results).toEqual([expect.objectContaining({ id: demo.userGroups.nightDispatch.id, name: 'Night Dispatch' })]);
  },

  async list_all_roserocket_user_group_members(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_user_group_members', { group_id: demo.userGroups.nightDispatch.id });
    expect(page.results.map((m) => m.id).sort()).toEqual([demo.users.marcus, demo.users.priya, demo.users.luis].sort());
  },

  async roserocket_user_groups_update_members(client, era) {
    const group = await call(client, 'create_a_roserocket_user_group', { name: `Members ${tag(era)}` });
    const answer = await call(client, 'roserocket_user_groups_update_members', { group_id: group.id, add: [demo.users.grace, demo.users.dana] });
    expect(answer).toEqual({ added: 2, removed: 0 });
    // Named in both lists: remove wins.
    const second = await call(client, 'roserocket_user_groups_update_members', { group_id: group.id, add: [demo.users.marcus], remove: [demo.users.dana, demo.users.marcus] });
    expect(second).toEqual({ added: 0, removed: 1 });
    const members = await call<ListPage>(client, 'list_all_roserocket_user_group_members', { group_id: group.id });
    expect(members.results.map((m) => m.id)).toEqual([demo.users.grace]);
  },
};
