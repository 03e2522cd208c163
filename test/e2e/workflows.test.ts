import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { okPayload, type ListPage } from '../support/tool-results.ts';

/**
 * The article's workflows, step by step as an agent would take them: each
 * step uses only what the previous answers gave it (ids are read from
 * results, never from the seed), so a broken hand-off between tools fails here.
 */

type Row = Record<string, unknown>;

let env: E2eEnvironment;
let url: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  url = (await env.createMcpServer('workflows')).url;
});
afterAll(() => env?.close());

describe.each(ERAS)('the article workflows, with a %s client', (era) => {
  let client: McpTestClient;
  const call = async <T = Row>(name: string, args: Row): Promise<T> => okPayload<T>(await client.callTool(name, args));
  beforeAll(async () => {
    client = await connect(era, url);
  });
  afterAll(() => client?.close());

  it('external id ERP-992 → its order → its events', async () => {
    const order = await call<Row & { customer: Row; stops: Row[] }>('get_single_roserocket_objects_external_by_id', { object_key: 'Order', external_id: 'ERP-992' });
    expect(order).toMatchObject({ objectKey: 'order', externalId: 'ERP-992', status: 'dispatched', priority: 'high' });

    const full = await call<Row & { customer: Row; stops: Row[] }>('get_single_roserocket_object_by_id', { record_id: order.id, paths: ['customer', 'stops'] });
    expect(full.customer).toMatchObject({ objectKey: 'customer', name: 'Acme Corp' });
    // Links read back as summaries ({id, objectKey, name, fullId}), named by the stop's label.
    expect(full.stops.map((stop) => [stop.objectKey, stop.name])).toEqual([
      ['stop', 'Acme Plant 2'],
      ['stop', 'Acme DC Chicago'],
    ]);

    const events = await call<ListPage<Row & { json: Row }>>('list_all_roserocket_events', { object_key: 'order', record_id: order.id, order_direction: 'asc' });
    expect(events.results.map((event) => event.type).slice(0, 3)).toEqual(['create', 'mutate', 'order.status-changed']);
    const mutate = events.results.find((event) => event.type === 'mutate')!;
    expect(mutate.json.changedFields).toEqual(expect.arrayContaining([{ field: 'status', value: 'dispatched', prevValue: 'booked' }]));
  });

  it('"Night Dispatch" → its members → the active shift board → an audit event on it, then in its events', async () => {
    const groups = await call<ListPage>('roserocket_user_groups_search', { name: 'Night Dispatch' });
    expect(groups.results).toHaveLength(1);
    const group = groups.results[0]!;

    const members = await call<ListPage>('list_all_roserocket_user_group_members', { group_id: group.id });
    expect(members.results).toHaveLength(3);

    const boards = await call<ListPage>('list_all_roserocket_boards', { object_key: 'task' });
    const shiftBoard = boards.results.find((board) => String(board.name).startsWith('Night Shift'));
    expect(shiftBoard, JSON.stringify(boards.results)).toBeDefined();

    const board = await call<Row & { widgets: Row[]; locations: Row[]; widgetToOpen: Row }>('get_single_roserocket_board_by_id', { board_id: shiftBoard!.id });
    expect(board.widgets.length).toBeGreaterThan(0);
    expect(board.widgetToOpen).toMatchObject({ key: 'task-queue' });
    expect(board.locations.map((location) => location.type)).toEqual(['terminal', 'yard', 'warehouse']);

    // The board's open tasks: the record the audit note is written on, through that board.
    const tasks = await call<ListPage>('list_all_roserocket_objects', { object_key: 'task', board_id: board.id, limit: 1 });
    const task = tasks.results[0]!;
    expect(['open', 'in-progress']).toContain(task.status);

    const note = { message: `Night Dispatch roster checked (${era})`, members: members.results.map((m) => m.id), source: 'agent' };
    const event = await call('create_a_roserocket_event', { record_id: task.id, board_id: board.id, type: 'internal', data: note });
    expect(event).toMatchObject({ type: 'internal', json: note });

    const history = await call<ListPage>('list_all_roserocket_events', { object_key: 'task', record_id: task.id, board_id: board.id, type: 'internal', limit: 100 });
    expect(history.results).toContainEqual(expect.objectContaining({ id: event.id, json: note }));
  });

  it('autocomplete for "Acme Corp" finds the customer and its id', async () => {
    const page = await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'Customer', search_term: 'Acme Corp' });
    expect(page.results).toEqual([expect.objectContaining({ name: 'Acme Corp', objectKey: 'customer' })]);
    const customer = await call('get_single_roserocket_object_by_id', { record_id: page.results[0]!.id });
    expect(customer).toMatchObject({ id: SEED.demo.customers.acmeCorp.id, email: 'shipping@acme.example' });
  });
});
