import { expect } from 'vitest';
import { DEMO_ORG } from '../../../mock-roserocket/orgs.ts';
import type { ListPage } from '../../support/tool-results.ts';
import { call, demo, expectGone, newCustomer, tag, type Case, type Row } from './support.ts';

/** Records of every kind through the objects tools, and their external ids. */
export const OBJECT_CASES: Record<string, Case> = {
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
};
