import { describe, expect, it } from 'vitest';
import { SEED } from './index.ts';
import { dataTestApp } from './testing.ts';

const acme = SEED.demo.customers.acmeCorp;
const erp992 = SEED.demo.orders.erp992;
const orderBoard = SEED.demo.boards.defaults.order;
const missing = '00000000-0000-4000-8000-000000000000';

describe('POST /objects', () => {
  it('creates a record with system fields, a fresh fullId, version 1 and errors: []', async () => {
    const t = dataTestApp();
    const res = await t.post('/objects', { objectKey: 'customer', json: { name: 'Zephyr Imports', industry: 'retail' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      objectKey: 'customer',
      orgId: SEED.demo.orgId,
      fullId: `CUST-${SEED.demo.counts.customer + 1}`,
      externalId: null,
      source: 'api',
      status: 'active',
      createdAt: '2025-06-02T12:00:00.000Z',
      createdBy: expect.any(String),
      version: 1,
      widgets: [expect.objectContaining({ key: 'customer-overview' }), expect.anything()],
      widgetToOpen: expect.objectContaining({ key: 'customer-overview' }),
      name: 'Zephyr Imports',
      industry: 'retail',
      errors: [],
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await t.get(`/objects/${res.body.id}`);
    expect(again.body.name).toBe('Zephyr Imports');
  });

  it('answers exactly ["json must be an object"] when fields are sent beside json', async () => {
    const t = dataTestApp();
    const res = await t.post('/objects', { objectKey: 'customer', name: 'Oops' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, message: ['json must be an object'], error: 'Bad Request' });
  });

  it('names a missing or unknown objectKey, and refuses keys managed elsewhere', async () => {
    const t = dataTestApp();
    expect((await t.post('/objects', { json: {} })).body.message).toEqual(['objectKey should not be empty']);
    const unknown = await t.post('/objects', { objectKey: 'Order', json: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message[0]).toMatch(/objectKey "Order" is not a known object key; known keys: customer, order/);
    const managed = await t.post('/objects', { objectKey: 'userGroup', json: { name: 'x' } });
    expect(managed.body.message[0]).toMatch(/managed through \/userGroups/);
  });

  it('answers a malformed body with a 400, not a crash', async () => {
    const t = dataTestApp();
    const res = await t.post('/objects', '{"objectKey": ');
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['Request body must be valid JSON']);
    expect((await t.post('/objects', '[1]')).body.message).toEqual(['Request body must be a JSON object']);
  });

  it('creates inline children with the parent and reads links back as {id, objectKey, orgId, name, fullId}', async () => {
    const t = dataTestApp();
    const res = await t.post('/objects', {
      objectKey: 'order',
      json: {
        customer: { id: acme.id },
        stops: [
          { type: 'pickup', name: 'Dock 4', city: 'Toronto' },
          { type: 'delivery', name: 'Store 12', city: 'Buffalo' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.customer).toEqual({ id: acme.id, objectKey: 'customer', orgId: SEED.demo.orgId, name: 'Acme Corp', fullId: 'CUST-1' });
    expect(res.body.stops).toHaveLength(2);
    expect(res.body.stops[0]).toMatchObject({ objectKey: 'stop', name: 'Dock 4', fullId: expect.stringMatching(/^S-\d+$/) });
    const stop = await t.get(`/objects/${res.body.stops[1].id}`);
    expect(stop.body).toMatchObject({ objectKey: 'stop', type: 'delivery', city: 'Buffalo', status: 'scheduled' });
    expect(res.body.stopCount).toBe(2);
  });

  it('creates nothing when a nested child is invalid', async () => {
    const t = dataTestApp();
    const before = await t.get(`/objects/autocomplete?objectKey=stop&limit=500`);
    const res = await t.post('/objects', {
      objectKey: 'order',
      json: { customer: { id: acme.id }, stops: [{ type: 'pickup', name: 'Fine' }, { name: 'No type' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['stops.1.type should not be empty']);
    const after = await t.get(`/objects/autocomplete?objectKey=stop&limit=500`);
    expect(after.body).toHaveLength(before.body.length);
  });

  it('enforces required fields on create', async () => {
    const t = dataTestApp();
    const res = await t.post('/objects', { objectKey: 'task', json: { notes: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['title should not be empty', 'order should not be empty']);
  });

  it('refuses a duplicate externalId with a 409', async () => {
    const t = dataTestApp();
    const res = await t.post('/objects', { objectKey: 'order', json: { externalId: 'ERP-992', customer: { id: acme.id } } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/externalId "ERP-992" already exists/);
  });
});

describe('GET /objects/{recordId}', () => {
  it('leaves links out unless paths names them', async () => {
    const t = dataTestApp();
    const plain = await t.get(`/objects/${erp992.id}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ fullId: 'O-1', externalId: 'ERP-992', status: 'dispatched', version: 2, customerName: 'Acme Corp' });
    expect(plain.body).not.toHaveProperty('customer');
    expect(plain.body).not.toHaveProperty('stops');

    const expanded = await t.get(`/objects/${erp992.id}?paths=customer,stops.city`);
    expect(expanded.body.customer.name).toBe('Acme Corp');
    expect(expanded.body.stops.map((s: { city: string }) => s.city)).toEqual(['Toronto', 'Chicago']);
  });

  it('follows nested dotted paths through links', async () => {
    const t = dataTestApp();
    const res = await t.get(`/objects/${erp992.id}?paths=customer.primaryContact.email,customer.billingAddress`);
    expect(res.body.customer.primaryContact).toMatchObject({ objectKey: 'contact', name: 'Wile', email: 'wile@acme.example' });
    expect(res.body.customer.billingAddress).toMatchObject({ objectKey: 'address', name: '1 Acme Way' });
  });

  it('adds every link with isDetailView', async () => {
    const t = dataTestApp();
    const res = await t.get(`/objects/${erp992.id}?isDetailView=true`);
    expect(res.body.customer.id).toBe(acme.id);
    expect(res.body.stops).toHaveLength(2);
    expect(res.body.commodities).toHaveLength(1);
  });

  it('names bad input: a bad uuid, an unknown path, an unknown board', async () => {
    const t = dataTestApp();
    expect(await t.get('/objects/not-a-uuid')).toEqual({ status: 400, body: { statusCode: 400, message: ['recordId must be a UUID'], error: 'Bad Request' } });
    const path = await t.get(`/objects/${erp992.id}?paths=customer.nope`);
    expect(path.body.message).toEqual(['paths: "nope" is not a field of customer']);
    const through = await t.get(`/objects/${erp992.id}?paths=status.name`);
    expect(through.body.message[0]).toMatch(/"status" on order is not a connection/);
    expect((await t.get(`/objects/${erp992.id}?boardId=${missing}`)).status).toBe(404);
  });

  it('answers 404 for an unknown id', async () => {
    const t = dataTestApp();
    expect(await t.get(`/objects/${missing}`)).toEqual({
      status: 404,
      body: { statusCode: 404, message: `Record with ID "${missing}" not found.`, error: 'Not Found' },
    });
  });
});

describe('PUT /objects/{recordId}', () => {
  it('updates partially, bumps the version and shows the links it wrote', async () => {
    const t = dataTestApp();
    t.tick(60_000);
    const res = await t.put(`/objects/${erp992.id}`, { objectKey: 'order', json: { notes: 'Call before arrival', customer: { id: SEED.demo.customers.acmeLogistics.id } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 3, notes: 'Call before arrival', priority: 'high', updatedAt: '2025-06-02T12:01:00.000Z' });
    expect(res.body.customer).toMatchObject({ name: 'Acme Logistics' });
    expect(res.body).not.toHaveProperty('stops');
    expect(res.body.customerName).toBe('Acme Logistics');
  });

  it('checks the objectKey against the record', async () => {
    const t = dataTestApp();
    const res = await t.put(`/objects/${erp992.id}`, { objectKey: 'task', json: {} });
    expect(res.body.message).toEqual(['objectKey "task" does not match the record\'s objectKey "order"']);
    expect((await t.put(`/objects/${missing}`, { objectKey: 'order', json: {} })).status).toBe(404);
    expect((await t.put(`/objects/${erp992.id}`, { objectKey: 'order' })).body.message).toEqual(['json must be an object']);
  });

  it('refuses to clear a required field', async () => {
    const t = dataTestApp();
    const res = await t.put(`/objects/${erp992.id}`, { objectKey: 'order', json: { customer: null } });
    expect(res.body.message).toEqual(['customer should not be empty']);
  });

  it('is the only update verb: PATCH /objects/{id} is a 404', async () => {
    const t = dataTestApp();
    const res = await t.patch(`/objects/${erp992.id}`, { objectKey: 'order', json: { notes: 'x' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, message: `Cannot PATCH /api/v2/platformModel/objects/${erp992.id}`, error: 'Not Found' });
  });
});

describe('DELETE /objects/{recordId}', () => {
  it('answers the deleted record, then 404', async () => {
    const t = dataTestApp();
    const first = await t.del(`/objects/${erp992.id}?boardId=${orderBoard}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: erp992.id, fullId: 'O-1' });
    expect((await t.get(`/objects/${erp992.id}`)).status).toBe(404);
    expect((await t.del(`/objects/${erp992.id}`)).status).toBe(404);
  });

  it('drops links to a deleted record from reads', async () => {
    const t = dataTestApp();
    const order = await t.get(`/objects/${erp992.id}?paths=stops`);
    await t.del(`/objects/${order.body.stops[0].id}`);
    const after = await t.get(`/objects/${erp992.id}?paths=stops`);
    expect(after.body.stops).toHaveLength(1);
    expect(after.body.stopCount).toBe(1);
  });
});

describe('PATCH /objects (upsert by json.externalId)', () => {
  it('creates with 201, then updates the same record with 200', async () => {
    const t = dataTestApp();
    const body = { objectKey: 'order', json: { externalId: 'ERP-5000', customer: { id: acme.id }, priority: 'low' } };
    const created = await t.patch('/objects', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ externalId: 'ERP-5000', priority: 'low', version: 1 });
    const updated = await t.patch('/objects', { objectKey: 'order', json: { externalId: 'ERP-5000', priority: 'urgent' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, priority: 'urgent', version: 2 });
  });

  it('needs json.externalId, and required fields when it creates', async () => {
    const t = dataTestApp();
    const res = await t.patch('/objects', { objectKey: 'order', json: { priority: 'low' } });
    expect(res.body.message).toEqual(['json.externalId should not be empty', 'json.externalId must be a string']);
    const noCustomer = await t.patch('/objects', { objectKey: 'order', json: { externalId: 'NEW-1' } });
    expect(noCustomer.body.message).toEqual(['customer should not be empty']);
  });
});

describe('/objects/{objectKey}/{externalId}/external', () => {
  it('gets, upserts and deletes by external id', async () => {
    const t = dataTestApp();
    const got = await t.get('/objects/order/ERP-992/external?paths=customer');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: erp992.id, customer: { name: 'Acme Corp' } });

    const patched = await t.patch('/objects/order/ERP-992/external', { objectKey: 'order', json: { notes: 'Gate code 4412' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: erp992.id, notes: 'Gate code 4412', version: 3 });

    const created = await t.patch('/objects/customer/CRM-77/external', { json: { name: 'Via External' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ externalId: 'CRM-77', name: 'Via External', version: 1 });

    const deleted = await t.del('/objects/order/ERP-992/external');
    expect(deleted.body.id).toBe(erp992.id);
    expect(await t.get('/objects/order/ERP-992/external')).toEqual({
      status: 404,
      body: { statusCode: 404, message: 'Order with externalId "ERP-992" not found.', error: 'Not Found' },
    });
  });

  it('names mismatches and unknown keys', async () => {
    const t = dataTestApp();
    expect((await t.get('/objects/widget/X/external')).body.message[0]).toMatch(/objectKey "widget" is not a known object key/);
    const wrongKey = await t.patch('/objects/order/ERP-992/external', { objectKey: 'task', json: {} });
    expect(wrongKey.body.message).toEqual(['objectKey "task" in the body does not match "order" in the path']);
    const wrongId = await t.patch('/objects/order/ERP-992/external', { json: { externalId: 'ERP-1' } });
    expect(wrongId.body.message).toEqual(['json.externalId "ERP-1" does not match "ERP-992" in the path']);
  });
});

describe('POST /objects/bulk_delete', () => {
  it('deletes every id and answers 204 with no body', async () => {
    const t = dataTestApp();
    const page = await t.post('/objects/search', { boardId: orderBoard, limit: 3 });
    const ids = page.body.results.map((r: { id: string }) => r.id);
    const res = await t.post('/objects/bulk_delete', { boardId: orderBoard, objectKey: 'order', ids });
    expect(res).toEqual({ status: 204, body: null });
    for (const id of ids) expect((await t.get(`/objects/${id}`)).status).toBe(404);
    expect((await t.post('/objects/search', { boardId: orderBoard })).body.total).toBe(SEED.demo.counts.order - 3);
  });

  it('validates boardId, objectKey and ids, and deletes nothing when one id is unknown', async () => {
    const t = dataTestApp();
    expect((await t.post('/objects/bulk_delete', {})).body.message).toEqual([
      'boardId should not be empty', 'boardId must be a UUID', 'objectKey should not be empty', 'ids must be an array',
    ]);
    expect((await t.post('/objects/bulk_delete', { boardId: orderBoard, objectKey: 'order', ids: ['x'] })).body.message).toEqual([
      'each value in ids must be a UUID',
    ]);
    expect((await t.post('/objects/bulk_delete', { boardId: orderBoard, objectKey: 'order', ids: [] })).body.message).toEqual(['ids should not be empty']);
    const mismatch = await t.post('/objects/bulk_delete', { boardId: orderBoard, objectKey: 'task', ids: [erp992.id] });
    expect(mismatch.body.message[0]).toMatch(/does not match board "Orders"/);
    const partial = await t.post('/objects/bulk_delete', { boardId: orderBoard, objectKey: 'order', ids: [erp992.id, missing] });
    expect(partial.status).toBe(404);
    expect((await t.get(`/objects/${erp992.id}`)).status).toBe(200);
  });
});
