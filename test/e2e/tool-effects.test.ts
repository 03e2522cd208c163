import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type Era, type McpTestClient } from '../support/mcp-clients.ts';
import { errorPayload, okPayload, type ListPage } from '../support/tool-results.ts';

/**
 * What calls do beyond answering, through each era's client, against the
 * mock: reads that find the seed's records, and writes whose effect is then
 * read back. Each case makes the records it changes (named after the era),
 * so the two eras and the cases never depend on one another. Not every tool
 * needs a case here: each one's example is run by tool-normal-paths.test.ts.
 */

const demo = SEED.demo;
type Row = Record<string, unknown>;
type Case = (client: McpTestClient, era: Era) => Promise<void>;

let env: E2eEnvironment;
let url: string;
let token: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  ({ url, token } = await env.createMcpServer('all tools'));
});
afterAll(() => env?.close());

const call = async <T = Row>(client: McpTestClient, name: string, args: Row): Promise<T> => okPayload<T>(await client.callTool(name, args));
const tag = (era: Era) => (era === '2025' ? 'legacy' : 'modern');

async function newCustomer(client: McpTestClient, name: string): Promise<Row> {
  return call(client, 'create_a_roserocket_object', { object_key: 'customer', fields: { name, industry: 'retail' } });
}

async function newView(client: McpTestClient, name: string): Promise<Row> {
  return call(client, 'create_a_roserocket_board_view', { board_id: demo.boards.outboundFreight.id, name });
}

async function expectGone(client: McpTestClient, name: string, args: Row): Promise<void> {
  expect(errorPayload(await client.callTool(name, args))).toMatchObject({ status: 404, error: 'upstream_error' });
}

const CASES: Record<string, Case> = {
  async list_all_roserocket_objects(client) {
    const first = await call<ListPage>(client, 'list_all_roserocket_objects', { object_key: 'Order', limit: 5 });
    expect(first.results).toHaveLength(5);
    expect(first.results.every((r) => r.objectKey === 'order')).toBe(true);
    expect(first).toMatchObject({ total: demo.counts.order, has_more: true, next_cursor: expect.any(String) });
    const second = await call<ListPage>(client, 'list_all_roserocket_objects', { object_key: 'order', limit: 5, next_cursor: first.next_cursor });
    expect(second.results.map((r) => r.id)).not.toContain(first.results[0]!.id);

    const filtered = await call<ListPage>(client, 'list_all_roserocket_objects', {
      object_key: 'customer',
      filters: [{ path: 'name', operator: 'equals', value: demo.customers.acmeCorp.name }],
      fields: ['name'],
    });
    expect(filtered.results).toEqual([{ id: demo.customers.acmeCorp.id, objectKey: 'customer', fullId: expect.stringMatching(/^CUST-/), name: 'Acme Corp' }]);
  },

  async get_single_roserocket_object_by_id(client) {
    const acme = await call(client, 'get_single_roserocket_object_by_id', { record_id: demo.customers.acmeCorp.id, paths: ['primaryContact'] });
    expect(acme).toMatchObject({ id: demo.customers.acmeCorp.id, objectKey: 'customer', name: 'Acme Corp', orgId: DEMO_ORG.orgId });
    expect(acme.primaryContact).toMatchObject({ objectKey: 'contact', id: expect.any(String) });
  },

  async create_a_roserocket_object(client, era) {
    const created = await newCustomer(client, `E2E Created ${tag(era)}`);
    expect(created).toMatchObject({ objectKey: 'customer', name: `E2E Created ${tag(era)}`, industry: 'retail', fullId: expect.stringMatching(/^CUST-\d+$/) });
    const read = await call(client, 'get_single_roserocket_object_by_id', { record_id: created.id });
    expect(read).toMatchObject({ id: created.id, name: created.name });
  },

  async update_a_roserocket_object_by_id(client, era) {
    const created = await newCustomer(client, `E2E Updated ${tag(era)}`);
    const updated = await call(client, 'update_a_roserocket_object_by_id', {
      object_key: 'customer',
      record_id: created.id,
      fields: { email: `updated-${tag(era)}@example.test` },
    });
    expect(updated).toMatchObject({ id: created.id, email: `updated-${tag(era)}@example.test`, name: created.name, version: (created.version as number) + 1 });
  },

  async delete_a_roserocket_object_by_id(client, era) {
    const created = await newCustomer(client, `E2E Deleted ${tag(era)}`);
    const deleted = await call(client, 'delete_a_roserocket_object_by_id', { record_id: created.id });
    expect(deleted).toMatchObject({ id: created.id, name: created.name });
    await expectGone(client, 'get_single_roserocket_object_by_id', { record_id: created.id });
  },

  async roserocket_objects_upsert(client, era) {
    const externalId = `E2E-UPSERT-${tag(era)}`;
    const first = await call<{ upserted: string; record: Row }>(client, 'roserocket_objects_upsert', { object_key: 'customer', external_id: externalId, fields: { name: `Upserted ${tag(era)}` } });
    expect(first).toMatchObject({ upserted: 'created', record: { externalId, name: `Upserted ${tag(era)}` } });
    const created = first.record;
    const again = await call(client, 'roserocket_objects_upsert', { object_key: 'customer', external_id: externalId, fields: { email: 'sync@example.test' } });
    expect(again).toMatchObject({
      upserted: 'updated',
      record: { id: created.id, externalId, name: `Upserted ${tag(era)}`, email: 'sync@example.test', version: (created.version as number) + 1 },
    });
  },

  async roserocket_objects_bulk_delete(client, era) {
    const ids = [(await newCustomer(client, `E2E Bulk A ${tag(era)}`)).id, (await newCustomer(client, `E2E Bulk B ${tag(era)}`)).id];
    const answer = await call(client, 'roserocket_objects_bulk_delete', { object_key: 'Customer', record_ids: ids });
    expect(answer).toEqual({ objectKey: 'customer', boardId: demo.boards.defaults.customer, deleted: ids });
    for (const id of ids) await expectGone(client, 'get_single_roserocket_object_by_id', { record_id: id });
  },

  async roserocket_objects_search(client) {
    const page = await call<ListPage>(client, 'roserocket_objects_search', {
      object_key: 'order',
      filters: [
        { path: 'status', operator: 'in', value: ['dispatched'] },
        { path: 'priority', operator: 'in', value: ['urgent'] },
      ],
      filters_operator: 'or',
      order_by: 'fullId',
      order_direction: 'asc',
      limit: 100,
      fields: ['status', 'priority'],
    });
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.total).toBe(page.results.length);
    for (const order of page.results) expect(order.status === 'dispatched' || order.priority === 'urgent', JSON.stringify(order)).toBe(true);
    expect(page.results.some((o) => o.status !== 'dispatched')).toBe(true);
    expect(page.results.some((o) => o.priority !== 'urgent')).toBe(true);
  },

  async list_all_roserocket_objects_autocomplete(client) {
    const page = await call<ListPage>(client, 'list_all_roserocket_objects_autocomplete', { object_key: 'customer', search_term: 'acme' });
    expect(page.results.map((r) => r.name)).toEqual(['Acme Corp', 'Acme Logistics']);
    expect(page.results[0]).toMatchObject({ id: demo.customers.acmeCorp.id, objectKey: 'customer', fullId: expect.any(String), label: 'Acme Corp' });
  },

  async get_single_roserocket_objects_external_by_id(client) {
    const order = await call(client, 'get_single_roserocket_objects_external_by_id', { object_key: 'Order', external_id: 'ERP-992' });
    expect(order).toMatchObject({ id: demo.orders.erp992.id, objectKey: 'order', externalId: 'ERP-992', referenceNumber: 'PO-77120' });
  },

  async roserocket_objects_external_upsert(client, era) {
    const externalId = `E2E-EXT-${tag(era)}`;
    const first = await call<{ upserted: string; record: Row }>(client, 'roserocket_objects_external_upsert', { object_key: 'customer', external_id: externalId, fields: { name: `External ${tag(era)}` } });
    expect(first).toMatchObject({ upserted: 'created', record: { objectKey: 'customer', externalId, name: `External ${tag(era)}` } });
    const updated = await call(client, 'roserocket_objects_external_upsert', { object_key: 'customer', external_id: externalId, fields: { phone: '+1 555 0100' } });
    expect(updated).toMatchObject({ upserted: 'updated', record: { id: first.record.id, phone: '+1 555 0100', name: `External ${tag(era)}` } });
  },

  async delete_a_roserocket_objects_external_by_id(client, era) {
    const externalId = `E2E-EXT-DEL-${tag(era)}`;
    const { record: created } = await call<{ record: Row }>(client, 'roserocket_objects_external_upsert', { object_key: 'customer', external_id: externalId, fields: { name: 'Doomed' } });
    const deleted = await call(client, 'delete_a_roserocket_objects_external_by_id', { object_key: 'customer', external_id: externalId });
    expect(deleted).toMatchObject({ id: created.id, externalId });
    await expectGone(client, 'get_single_roserocket_objects_external_by_id', { object_key: 'customer', external_id: externalId });
  },

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

it('names only tools of the catalogue', () => {
  expect(Object.keys(CASES).filter((name) => !TOOLS_BY_NAME.has(name))).toEqual([]);
});

describe.each(ERAS)('what each call does, with a %s client', (era) => {
  let client: McpTestClient;
  beforeAll(async () => {
    client = await connect(era, url);
  });
  afterAll(() => client?.close());

  it.each(Object.keys(CASES))('%s', async (name) => {
    await CASES[name]!(client, era);
  });

  it('logged every call, no gateway bug, and no credential along the way', () => {
    expect(env.logs.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(env.logs.filter((entry) => entry.msg === 'tool_call').length).toBeGreaterThanOrEqual(Object.keys(CASES).length);
    const logged = JSON.stringify(env.logs);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(DEMO_ORG.clientSecret);
  });
});
