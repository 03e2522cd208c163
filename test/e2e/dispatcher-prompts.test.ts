import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { okPayload, type ListPage } from '../support/tool-results.ts';

/**
 * Three of issue 11's dispatcher prompts, run as a model runs them: only
 * what `tools/list`, the instructions and each result say, every id read
 * from an earlier answer (find, act, check). The checks go past what the
 * model is told: the mock's own records say whether the answer is true.
 * Each era gets a world of its own, so each one's writes are its own.
 */

type Row = Record<string, unknown>;
interface Link extends Row {
  id: string;
  fullId: string;
  name: string;
}

/** The next day of a `YYYY-MM-DD`, by the calendar. */
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe.each(ERAS)('dispatcher prompts, with a %s client', (era) => {
  let env: E2eEnvironment;
  let client: McpTestClient;
  const call = async <T = Row>(name: string, args: Row): Promise<T> => okPayload<T>(await client.callTool(name, args));
  const org = () => env.mock.data.org(DEMO_ORG.orgId);

  beforeAll(async () => {
    env = await startE2eEnvironment();
    client = await connect(era, (await env.createMcpServer('dispatcher')).url);
  });
  afterAll(async () => {
    await client?.close();
    await env?.close();
  });

  /** "Acme Corp" as a model finds it: autocomplete, then the exact name among the matches. */
  async function acme(): Promise<Link> {
    const found = await call<ListPage<Link>>('list_all_roserocket_objects_autocomplete', { object_key: 'customer', search_term: 'Acme Corp' });
    const exact = found.results.filter((customer) => customer.name === 'Acme Corp');
    expect(exact).toHaveLength(1);
    return exact[0]!;
  }

  it('"Which of Acme Corp\'s orders are not delivered yet? Give me each one\'s pickup date"', async () => {
    const customer = await acme();
    // What "delivered" is, and where a pickup date lives, from the kind's definition.
    const order = await call<{ fields: { key: string; type: string; typeConfig: { options?: string[] } }[] }>('get_single_roserocket_object_definition_by_id', { object_key: 'order' });
    expect(order.fields.find((field) => field.key === 'status')!.typeConfig.options).toEqual(expect.arrayContaining(['delivered', 'cancelled']));
    expect(order.fields.find((field) => field.key === 'pickupAt')!.type).toBe('dateTime');

    const open: (Row & { pickupAt: { dateTimeInLocation: string } | null })[] = [];
    let cursor: string | null = null;
    do {
      const page: ListPage<Row & { pickupAt: { dateTimeInLocation: string } | null }> = await call('list_all_roserocket_objects', {
        object_key: 'order',
        // The customer as autocomplete named it: its fullId, resolved to the record by the gateway.
        filters: [{ path: 'customer', operator: 'equals', value: customer.fullId }, { path: 'status', operator: 'notIn', value: ['delivered', 'cancelled'] }],
        fields: ['fullId', 'status', 'pickupAt'],
        limit: 5,
        ...(cursor && { next_cursor: cursor }),
      });
      open.push(...page.results);
      cursor = page.next_cursor;
    } while (cursor);

    // The answer, checked against the mock's own records: every open Acme order, each once, with its pickup.
    const truth = org()
      .recordsOf('order')
      .filter((record) => record.fields.customer === customer.id && !['delivered', 'cancelled'].includes(String(record.fields.status)));
    expect(truth.length).toBeGreaterThan(3);
    expect(open.map((row) => row.fullId).sort()).toEqual(truth.map((record) => record.fullId).sort());
    for (const row of open) {
      const record = truth.find((candidate) => candidate.fullId === row.fullId)!;
      expect(row.pickupAt?.dateTimeInLocation, String(row.fullId)).toBe((record.fields.pickupAt as { dateTimeInLocation: string }).dateTimeInLocation);
    }
  });

  it('"Add Marcus to the LTL Dispatchers group"', async () => {
    const users = await call<ListPage<Link>>('list_all_roserocket_objects_autocomplete', { object_key: 'user', search_term: 'Marcus' });
    expect(users.results).toHaveLength(1);
    const marcus = users.results[0]!;
    const groups = await call<ListPage<Link>>('roserocket_user_groups_search', { name: 'LTL Dispatchers' });
    const group = groups.results.find((candidate) => candidate.name === 'LTL Dispatchers')!;
    const before = await call<ListPage<{ id: string }>>('list_all_roserocket_user_group_members', { group_id: group.id });
    expect(before.results.map((member) => member.id)).not.toContain(marcus.id);

    expect(await call('roserocket_user_groups_update_members', { group_id: group.id, add: [marcus.fullId] })).toEqual({ added: 1, removed: 0 });

    const after = await call<ListPage<{ id: string }>>('list_all_roserocket_user_group_members', { group_id: group.id });
    expect(after.results.map((member) => member.id).sort()).toEqual([...before.results.map((member) => member.id), marcus.id].sort());
    // Asked twice (a model retrying), nothing more changes.
    expect(await call('roserocket_user_groups_update_members', { group_id: group.id, add: [marcus.id] })).toEqual({ added: 0, removed: 0 });
  });

  it('"Our ERP just created order SAP-20001 for Acme Corp, pickup tomorrow from their Chicago warehouse: make sure Rose Rocket has it"', async () => {
    // "Tomorrow" is the dispatcher's: the instructions give today's date in the account's timezone.
    const today = /so today is (\d{4}-\d{2}-\d{2}) there/.exec(client.instructions ?? '')?.[1];
    expect(today).toBeDefined();
    const tomorrow = dayAfter(today!);

    const customer = await acme();
    const withLocations = await call<{ locations: Link[] }>('get_single_roserocket_object_by_id', { record_id: customer.fullId, paths: ['locations'] });
    const places = await Promise.all(withLocations.locations.map((link) => call<Row>('get_single_roserocket_object_by_id', { record_id: link.fullId })));
    const warehouse = places.find((place) => place.city === 'Chicago' && /warehouse/i.test(String(place.name)))!;
    expect(warehouse).toBeDefined();

    // Not there yet; the write is an upsert at the ERP's id, so a retry never makes a second order.
    expect((await client.callTool('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'SAP-20001' })).isError).toBe(true);
    const stop = await call<{ fields: { key: string; isRequired: boolean; typeConfig: { options?: string[] } }[] }>('get_single_roserocket_object_definition_by_id', { object_key: 'stop' });
    expect(stop.fields.find((field) => field.key === 'type')).toMatchObject({ isRequired: true, typeConfig: { options: expect.arrayContaining(['pickup']) } });

    const pickupAt = { dateTimeInLocation: `${tomorrow}T09:00:00` };
    const fields = {
      customer: customer.fullId,
      referenceNumber: 'SAP-20001',
      pickupAt,
      stops: [{ type: 'pickup', sequence: 1, name: warehouse.name, address1: warehouse.address1, city: warehouse.city, state: warehouse.state, postal: warehouse.postal, country: warehouse.country, appointmentAt: pickupAt }],
    };
    expect(await call('roserocket_objects_upsert', { object_key: 'order', external_id: 'SAP-20001', fields })).toMatchObject({ upserted: 'created' });
    expect(await call('roserocket_objects_upsert', { object_key: 'order', external_id: 'SAP-20001', fields })).toMatchObject({ upserted: 'updated' });

    // Check: read it back by the ERP's number, with its customer and its stops' own fields.
    const saved = await call<Row & { customer: Link; stops: (Link & Row)[]; pickupAt: { dateTimeInLocation: string } }>('get_single_roserocket_object_by_id', {
      record_id: 'SAP-20001',
      object_key: 'order',
      paths: ['customer', 'stops.type', 'stops.city', 'stops.address1', 'stops.appointmentAt'],
    });
    expect(saved).toMatchObject({ externalId: 'SAP-20001', customer: { name: 'Acme Corp' }, pickupAt: { dateTimeInLocation: `${tomorrow}T09:00:00` } });
    expect(saved.stops).toHaveLength(1);
    expect(saved.stops[0]).toMatchObject({ type: 'pickup', city: 'Chicago', address1: warehouse.address1, name: warehouse.name, appointmentAt: { dateTimeInLocation: `${tomorrow}T09:00:00` } });

    // And in the mock's own records: one such order, however often the ERP said so.
    const orders = org().recordsOf('order').filter((record) => record.externalId === 'SAP-20001');
    expect(orders).toHaveLength(1);
    expect(orders[0]!.fields.customer).toBe(customer.id);
  });
});
