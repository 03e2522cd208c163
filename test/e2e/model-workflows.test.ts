import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { errorPayload, okPayload, type ListPage } from '../support/tool-results.ts';

/**
 * Issue 11's workflows, as a model would run them from `tools/list`, results
 * and errors alone: find, act, check. No seed id appears here: every id is
 * read from an earlier answer, and every refusal is read for what it tells
 * the model to do next.
 */

type Row = Record<string, unknown>;
interface Refusal {
  error: string;
  message: string;
  issues?: { field: string; message: string }[];
}

let env: E2eEnvironment;
let fullUrl: string;
let readUrl: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  fullUrl = (await env.createMcpServer('dispatcher')).url;
  readUrl = (await env.createMcpServer('read only', { methods: ['read'] })).url;
});
afterAll(() => env?.close());

/** Every record and event of the demo org, as one string: equal before and after means nothing was written. */
function demoOrgState(): string {
  const org = env.mock.data.org(DEMO_ORG.orgId);
  const plain = (_key: string, value: unknown) => (value instanceof Map ? [...value.entries()] : value);
  return JSON.stringify({ records: org.records, events: org.events }, plain);
}

describe.each(ERAS)('what a model meets, with a %s client', (era) => {
  let client: McpTestClient;
  const call = async <T = Row>(name: string, args: Row): Promise<T> => okPayload<T>(await client.callTool(name, args));
  const refused = async (name: string, args: Row): Promise<Refusal> => errorPayload<Refusal>(await client.callTool(name, args));
  beforeAll(async () => {
    client = await connect(era, fullUrl);
  });
  afterAll(() => client?.close());

  describe('1. records a model can name', () => {
    it('Night Dispatch: find the group, list its members, log the roster audit on the group, and read it back in its events', async () => {
      const groups = await call<ListPage>('roserocket_user_groups_search', { name: 'Night Dispatch' });
      const group = groups.results[0]!;
      const members = await call<ListPage>('list_all_roserocket_user_group_members', { group_id: group.id });
      expect(members.results.length).toBeGreaterThan(0);
      // The members' names, as the tool's description says: autocomplete users by these ids.
      const names = await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'user', ids: members.results.map((m) => m.id) });
      expect(names.results).toHaveLength(members.results.length);

      const note = { message: `Night Dispatch roster audited today (${era})`, members: names.results.map((u) => u.name) };
      const event = await call('create_a_roserocket_event', { record_id: group.id, data: note });
      expect(event).toMatchObject({ type: 'internal', json: note });

      const history = await call<ListPage>('list_all_roserocket_events', { object_key: 'userGroup', record_id: group.id, type: 'internal' });
      expect(history.results).toContainEqual(expect.objectContaining({ id: event.id, json: note }));
    });

    it('the active shift board: find it, log a note on the board itself, and read it back', async () => {
      const boards = await call<ListPage>('list_all_roserocket_boards', { object_key: 'task' });
      const shift = boards.results.find((board) => String(board.name).startsWith('Night Shift'))!;
      const note = { message: `Shift board roster audited (${era})` };
      const event = await call('create_a_roserocket_event', { record_id: shift.id, object_key: 'board', data: note });
      const history = await call<ListPage>('list_all_roserocket_events', { object_key: 'board', record_id: shift.id });
      expect(history.results).toContainEqual(expect.objectContaining({ id: event.id, type: 'internal', json: note }));
    });

    it('groups and boards are found by name as records; writing one through the record tools is refused, saying where it is written', async () => {
      const found = await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'userGroup', search_term: 'Night' });
      expect(found.results).toContainEqual(expect.objectContaining({ name: 'Night Dispatch', fullId: expect.stringMatching(/^UG-\d+$/) }));
      const before = demoOrgState();
      const refusal = await refused('create_a_roserocket_object', { object_key: 'userGroup', fields: { name: 'Day Dispatch' } });
      expect(refusal.issues).toEqual([{ field: 'object_key', message: expect.stringContaining('create_a_roserocket_user_group') }]);
      const event = await refused('list_all_roserocket_objects', { object_key: 'event' });
      expect(event.issues![0]!.message).toContain('list_all_roserocket_events');
      expect(demoOrgState()).toBe(before);
    });
  });

  describe('2. events that tell the truth', () => {
    it('a status-change event is refused with how to change a status; updating the status logs it, and the order really moves', async () => {
      const orders = await call<ListPage>('list_all_roserocket_objects', { object_key: 'order', filters: [{ path: 'status', operator: 'equals', value: 'in-transit' }], limit: 1 });
      const order = orders.results[0]!;
      const before = demoOrgState();
      const refusal = await refused('create_a_roserocket_event', { record_id: order.id, type: 'order.status-changed', data: { to: 'Delayed at border' } });
      expect(refusal.message).toContain("set the record's status field with update_a_roserocket_object_by_id");
      expect(demoOrgState()).toBe(before);

      const updated = await call('update_a_roserocket_object_by_id', { object_key: 'order', record_id: order.id, fields: { status: 'delivered' } });
      expect(updated).toMatchObject({ status: 'delivered' });
      const history = await call<ListPage<Row & { json: Row }>>('list_all_roserocket_events', { object_key: 'order', record_id: order.fullId, order_direction: 'desc', limit: 5 });
      expect(history.results.map((e) => e.type)).toContain('order.status-changed');
    });

    it("an event whose object_key is not the record's kind is refused before anything is written", async () => {
      const customers = await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'customer', search_term: 'Acme Corp' });
      const before = demoOrgState();
      const refusal = await refused('create_a_roserocket_event', { record_id: customers.results[0]!.id, object_key: 'order', data: { message: 'x' } });
      expect(refusal.issues).toEqual([{ field: 'object_key', message: expect.stringMatching(/is a customer, not a order; give object_key customer/) }]);
      expect(demoOrgState()).toBe(before);
    });
  });

  describe('3. the numbers people use', () => {
    it('"order 99281", "O-99281" and "ERP id SAP-10992" all reach their order through record_id', async () => {
      const byNumber = await call('get_single_roserocket_object_by_id', { record_id: '99281', object_key: 'order' });
      expect(byNumber).toMatchObject({ objectKey: 'order', fullId: 'O-99281' });
      expect(await call('get_single_roserocket_object_by_id', { record_id: 'O-99281' })).toMatchObject({ id: byNumber.id });
      const events = await call<ListPage>('list_all_roserocket_events', { object_key: 'Order', record_id: 'O-99281' });
      expect(events.results.length).toBeGreaterThan(0);
      const sap = await call('get_single_roserocket_object_by_id', { record_id: 'SAP-10992', object_key: 'order' });
      expect(sap).toMatchObject({ externalId: 'SAP-10992' });
      expect(await call('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'SAP-10992' })).toMatchObject({ id: sap.id });
    });

    it('a fullId nobody has is a miss that says what was tried', async () => {
      const refusal = await refused('get_single_roserocket_object_by_id', { record_id: 'O-999999' });
      expect(refusal.issues).toEqual([{ field: 'record_id', message: expect.stringMatching(/^no order has fullId "O-999999", nor external id "O-999999"/) }]);
    });

    it('autocomplete finds a record by its fullId', async () => {
      const erp = await call('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' });
      const page = await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'order', search_term: erp.fullId });
      expect(page.results).toContainEqual(expect.objectContaining({ id: erp.id }));
      const byNumber = await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'order', search_term: '99281' });
      expect(byNumber.results).toContainEqual(expect.objectContaining({ fullId: 'O-99281' }));
    });

    it('a projection naming a link keeps it, as its id and name', async () => {
      const tasks = await call<ListPage<Row & { assignee?: Row }>>('list_all_roserocket_objects', { object_key: 'task', fields: ['title', 'assignee'], limit: 10 });
      const assigned = tasks.results.filter((task) => task.assignee);
      expect(assigned.length).toBeGreaterThan(0);
      for (const task of assigned) expect(Object.keys(task.assignee!).sort()).toEqual(expect.arrayContaining(['id', 'name']));
      const one = await call<Row & { assignee: Row }>('get_single_roserocket_object_by_id', { record_id: assigned[0]!.id, fields: ['assignee'] });
      expect(one.assignee).toMatchObject({ id: assigned[0]!.assignee!.id });
    });

    it('list takes paths, as get does', async () => {
      const page = await call<ListPage<Row & { customer?: Row }>>('list_all_roserocket_objects', { object_key: 'order', paths: ['customer'], limit: 3 });
      for (const order of page.results) expect(order.customer).toMatchObject({ objectKey: 'customer', name: expect.any(String) });
    });

    it('"our ERP created SAP-20001 for Acme Corp, pickup tomorrow": the customer named by its fullId, upserted once, found again', async () => {
      const acme = (await call<ListPage>('list_all_roserocket_objects_autocomplete', { object_key: 'customer', search_term: 'Acme Corp' })).results[0]!;
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const args = { object_key: 'order', external_id: `SAP-20001-${era}`, fields: { customer: acme.fullId, pickupAt: { dateTimeInLocation: `${tomorrow}T09:00:00` } } };
      const first = await call<{ upserted: string; record: Row }>('roserocket_objects_upsert', args);
      expect(first).toMatchObject({ upserted: 'created', record: { customer: { id: acme.id } } });
      expect(await call('roserocket_objects_upsert', args)).toMatchObject({ upserted: 'updated', record: { id: first.record.id } });
    });

    it('an upsert says whether it created or updated', async () => {
      const args = { object_key: 'Customer', external_id: `SYNC-${era}`, fields: { name: `Synced ${era}` } };
      expect(await call('roserocket_objects_upsert', args)).toMatchObject({ upserted: 'created' });
      expect(await call('roserocket_objects_upsert', args)).toMatchObject({ upserted: 'updated' });
    });

    it('blank required fields are refused before anything goes upstream, on create and on update', async () => {
      const { value: create, hits } = await env.hitsDuring(() => refused('create_a_roserocket_object', { object_key: 'order', fields: { customer: null, referenceNumber: '' } }));
      expect(create.issues![0]).toMatchObject({ field: 'fields.customer', message: expect.stringContaining('required') });
      expect(hits.filter((hit) => hit.method === 'POST')).toEqual([]);
      const erp = await call('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' });
      const update = await refused('update_a_roserocket_object_by_id', { object_key: 'order', record_id: erp.id, fields: { customer: [] } });
      expect(update.issues![0]).toMatchObject({ field: 'fields.customer', message: expect.stringContaining('cannot be emptied') });
    });

    it('an object key is resolved by its definition\'s label: "Truck Load" is load__c, and the listed schema lets a strict client send it', async () => {
      const listed = (await client.listTools()).find((tool) => tool.name === 'list_all_roserocket_objects')!;
      expect(JSON.stringify(listed.inputSchema.properties!.object_key)).toContain('load__c (\\"Truck Load\\")');
      // What a client that validates before sending (as the SDK's and the Inspector's Ajv do) decides.
      const validate = new Ajv().compile(listed.inputSchema);
      for (const kind of ['Truck Load', 'Order', 'ORDER', 'load__c']) expect(validate({ object_key: kind, limit: 1 }), kind).toBe(true);
      const page = await call<ListPage>('list_all_roserocket_objects', { object_key: 'Truck Load', limit: 1 });
      expect(page.results[0]).toMatchObject({ objectKey: 'load__c' });
    });

    it('a kind a tool does not take, or no kind at all, is refused before anything goes upstream, with the kinds the tool takes', async () => {
      const { value: board, hits } = await env.hitsDuring(() => refused('roserocket_objects_upsert', { object_key: 'Board', external_id: 'B-EXT-1', fields: { name: 'Yard' } }));
      expect(hits).toEqual([]);
      expect(board.issues![0]).toMatchObject({ field: 'object_key', message: expect.stringMatching(/This tool takes: address, commodity, .*load__c, .*user$/) });
      expect(board.issues![0]!.message).not.toMatch(/takes: .*board/);
      const unknown = await refused('list_all_roserocket_objects', { object_key: 'Shipment' });
      expect(unknown.issues![0]!.message).toMatch(/unknown object key "Shipment"; this tool takes: address, board, .*userGroup \(a key or its label\)/);
    });
  });

  describe('5. queries that work on the live service (the mock in strict mode)', () => {
    it('"orders created in the last 30 days, by status": a createdAt range, counted per status from each total', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      const recent = await call<ListPage>('list_all_roserocket_objects', { object_key: 'order', filters: [{ path: 'createdAt', operator: 'between', value: [from, today] }], limit: 1 });
      expect(recent.total).toBeGreaterThan(0);
      let counted = 0;
      for (const status of ['draft', 'booked', 'dispatched', 'in-transit', 'delivered', 'cancelled']) {
        const page = await call<ListPage>('list_all_roserocket_objects', {
          object_key: 'order',
          filters: [{ path: 'createdAt', operator: 'between', value: [from, today] }, { path: 'status', operator: 'equals', value: status }],
          limit: 1,
        });
        counted += page.total!;
      }
      expect(counted).toBe(recent.total);
    });

    it('"pickups today or tomorrow": a date-time field filtered by a range of days', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const page = await call<ListPage<Row & { pickupAt: { dateTimeInLocation: string } }>>('roserocket_objects_search', {
        object_key: 'order',
        filters: [{ path: 'pickupAt', operator: 'between', value: [today, tomorrow] }],
        fields: ['pickupAt'],
        limit: 100,
      });
      expect(page.results.length).toBeGreaterThan(0);
      for (const order of page.results) expect([today, tomorrow]).toContain(order.pickupAt.dateTimeInLocation.slice(0, 10));
    });
  });

  describe('4. refusals a model can explain', () => {
    it('a read-only URL says so in its instructions, with the time, and refuses a write saying why', async () => {
      const reader = await connect(era, readUrl);
      try {
        expect(reader.instructions).toMatch(/This URL allows only tools that change nothing \(read\)/);
        expect(reader.instructions).toMatch(/Now: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(\w+day\) in America\/Toronto, the account's timezone, .* \d{2}:\d{2} UTC\./);
        const before = demoOrgState();
        const refusal = errorPayload<Refusal>(await reader.callTool('create_a_roserocket_event', { record_id: 'O-1', data: { message: 'x' } }));
        expect(refusal).toMatchObject({ error: 'not_allowed', message: expect.stringContaining('does not allow create_a_roserocket_event') });
        expect(demoOrgState()).toBe(before);
      } finally {
        await reader.close();
      }
      expect(client.instructions).toMatch(/This URL allows every tool/);
    });
  });
});
