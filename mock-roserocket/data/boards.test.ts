import { describe, expect, it } from 'vitest';
import { SEED } from './index.ts';
import { dataTestApp } from './testing.ts';

const boards = SEED.demo.boards;
const outbound = boards.outboundFreight.id;
const missing = '00000000-0000-4000-8000-000000000000';

describe('GET /boards/nav', () => {
  it('is a bare array of visible boards, the default board of each key first', async () => {
    const t = dataTestApp();
    const res = await t.get('/boards/nav');
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ id: boards.defaults.order, name: 'Orders', icon: 'package', objectKey: 'order', createdAt: expect.any(String), isExternal: false });
    expect(res.body.map((b: { id: string }) => b.id)).not.toContain(boards.archivedOrders.id);
    const orders = await t.get('/boards/nav?objectKey=order');
    expect(orders.body.map((b: { name: string }) => b.name)).toEqual(['Orders', 'Outbound Freight']);
  });

  it('pages and orders', async () => {
    const t = dataTestApp();
    const all = (await t.get('/boards/nav')).body;
    expect((await t.get('/boards/nav?limit=2&offset=1')).body).toEqual(all.slice(1, 3));
    const byName = (await t.get('/boards/nav?orderBy=name&orderByDirection=desc')).body.map((b: { name: string }) => b.name);
    expect(byName).toEqual([...byName].sort((a: string, b: string) => b.toLowerCase().localeCompare(a.toLowerCase())));
    expect(byName).toContain('Night Shift — Active');
  });

  it('names bad parameters', async () => {
    const t = dataTestApp();
    expect((await t.get('/boards/nav?orderBy=constructor')).status).toBe(400);
    const res = await t.get('/boards/nav?objectKey=orders&limit=x&orderBy=size');
    expect(res.body.message).toEqual([
      expect.stringMatching(/^objectKey "orders" is not a known object key/),
      'limit must be an integer number',
      'orderBy must be one of the following values: createdAt, name',
    ]);
  });
});

describe('board detail and admin list', () => {
  it('shows the active shift board with widgets, widgetToOpen and locations', async () => {
    const t = dataTestApp();
    const res = await t.get(`/boards/${boards.nightShift.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: boards.nightShift.id,
      name: 'Night Shift — Active',
      objectKey: 'task',
      isExternal: false,
      widgets: [{ key: 'task-queue', name: 'Task Queue', version: 5 }, expect.anything(), expect.anything()],
      widgetToOpen: { key: 'task-queue', name: 'Task Queue', version: 5 },
    });
    expect(res.body.locations).toHaveLength(3);
    expect(res.body.locations[0]).toEqual({
      id: 'loc-tor-terminal',
      name: 'Toronto Terminal',
      type: 'terminal',
      address: { address1: '55 Logistics Dr', city: 'Toronto', state: 'ON', postal: 'M9W 6L9', country: 'CA' },
      timezone: 'America/Toronto',
    });
    expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'icon', 'id', 'isExternal', 'locations', 'name', 'objectKey', 'widgetToOpen', 'widgets']);
  });

  it('answers 400 for a bad id and 404 for an unknown one', async () => {
    const t = dataTestApp();
    expect((await t.get('/boards/outbound')).body.message).toEqual(['boardId must be a UUID']);
    expect((await t.get(`/boards/${missing}`)).body).toEqual({ statusCode: 404, message: `Board with ID "${missing}" not found.`, error: 'Not Found' });
  });

  it('lists every board for admins, hidden and external included', async () => {
    const t = dataTestApp();
    const res = await t.get('/boards/admin/all');
    const archived = res.body.find((b: { id: string }) => b.id === boards.archivedOrders.id);
    expect(archived).toEqual({
      id: boards.archivedOrders.id, key: 'archived-orders', labelId: 'board.archived-orders', icon: 'archive',
      objectKey: 'order', objectLabel: 'Order', isExternal: false, isHidden: true, createdAt: expect.any(String),
    });
    expect(res.body.find((b: { id: string }) => b.id === boards.carrierPortal.id)).toMatchObject({ isExternal: true, objectLabel: 'Truck Load' });
  });
});

describe('the board boundary', () => {
  const erp992 = SEED.demo.orders.erp992.id;
  const forbidden = (board: string, kind: string) => ({
    status: 403,
    body: {
      statusCode: 403,
      message: `Board "${board}" shows ${kind} records, not order: record "${erp992}" cannot be reached through it.`,
      error: 'Forbidden',
    },
  });

  it('reads, writes and logs a record only through a board that shows its kind', async () => {
    const t = dataTestApp();
    const customers = boards.defaults.customer;
    expect(await t.get(`/objects/${erp992}?boardId=${customers}`)).toEqual(forbidden('Customers', 'customer'));
    expect(await t.put(`/objects/${erp992}`, { objectKey: 'order', boardId: boards.nightShift.id, json: { weight: 1 } })).toEqual(
      forbidden('Night Shift — Active', 'task'),
    );
    expect(await t.del(`/objects/${erp992}?boardId=${customers}`)).toEqual(forbidden('Customers', 'customer'));
    expect(await t.get(`/events?recordId=${erp992}&objectKey=order&boardId=${customers}`)).toEqual(forbidden('Customers', 'customer'));
    expect(await t.post('/events', { recordId: erp992, boardId: customers, type: 'internal', json: {} })).toEqual(forbidden('Customers', 'customer'));
    // Nothing was written through the refused calls.
    const record = (await t.get(`/objects/${erp992}?boardId=${outbound}`)).body;
    expect(record.weight).toBe(18_400);
    expect((await t.get(`/events?recordId=${erp992}&objectKey=order&inTypes=internal`)).body.total).toBe(0);
    // Any board of the record's kind will do, hidden ones included.
    expect((await t.get(`/objects/${erp992}?boardId=${boards.archivedOrders.id}`)).status).toBe(200);
  });
});

describe('GET /boards/admin/all', () => {
  it('answers NestJS\'s 403 to a caller whose user is not an admin', async () => {
    const t = dataTestApp();
    const dana = SEED.demo.users.dana;
    expect((await t.put(`/objects/${dana}`, { objectKey: 'user', json: { role: 'dispatcher' } })).status).toBe(200);
    expect(await t.get('/boards/admin/all')).toEqual({ status: 403, body: { statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' } });
    await t.put(`/objects/${dana}`, { objectKey: 'user', json: { role: 'admin' } });
    expect((await t.get('/boards/admin/all')).status).toBe(200);
  });
});

describe('saved views', () => {
  it('lists the seeded views of a board', async () => {
    const t = dataTestApp();
    const res = await t.get(`/boards/${outbound}/views`);
    expect(res.body.map((v: { id: string }) => v.id)).toEqual([SEED.demo.views.outboundByPickup, SEED.demo.views.outboundKanban]);
    expect(res.body[0]).toMatchObject({ boardId: outbound, layout: 'table', columnIds: ['fullId', 'customer.name', 'status', 'pickupAt', 'deliverBy'], orderByPath: 'pickupAt' });
  });

  it('creates, reads, replaces, patches and deletes a view', async () => {
    const t = dataTestApp();
    const created = await t.post(`/boards/${outbound}/views`, {
      name: 'Hazmat only', columnIds: ['fullId', 'isHazmat'],
      filters: [{ path: 'isHazmat', operator: 'equals', value: true, fieldType: 'ToggleField' }],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ boardId: outbound, labelId: 'view.hazmat-only', name: 'Hazmat only', layout: 'table', columnIds: ['fullId', 'isHazmat'] });
    const path = `/boards/${outbound}/views/${created.body.id}`;
    expect((await t.get(path)).body).toEqual(created.body);

    t.tick();
    const replaced = await t.put(path, { name: 'Hazmat map', layout: 'map' });
    expect(replaced.body).toMatchObject({ name: 'Hazmat map', layout: 'map', columnIds: [], filters: [], labelId: 'view.hazmat-only' });
    expect(replaced.body.updatedAt).not.toBe(created.body.updatedAt);

    const patched = await t.patch(path, { orderByPath: 'weight', orderByDirection: 'desc' });
    expect(patched.body).toMatchObject({ name: 'Hazmat map', layout: 'map', orderByPath: 'weight', orderByDirection: 'desc' });

    expect((await t.del(path)).body.id).toBe(created.body.id);
    expect((await t.get(path)).status).toBe(404);
    expect((await t.get(`/boards/${outbound}/views`)).body).toHaveLength(2);
  });

  it('checks a view against its board', async () => {
    const t = dataTestApp();
    const res = await t.post(`/boards/${outbound}/views`, {
      layout: 'grid', columnIds: ['fullId', 'title'], filters: [{ path: 'title', operator: 'equals', value: 'x', fieldType: 'TextField' }], colour: 'red',
    });
    expect(res.body.message).toEqual([
      'property colour should not exist',
      'name should not be empty',
      'layout must be one of the following values: table, kanban, map',
      'columnIds.1: "title" is not a field of order',
      'filters.0.path: "title" is not a field of order',
    ]);
    expect((await t.patch(`/boards/${outbound}/views/${missing}`, {})).status).toBe(404);
    expect((await t.get(`/boards/${outbound}/views/abc`)).body.message).toEqual(['viewId must be a UUID']);
    expect((await t.get(`/boards/${missing}/views`)).status).toBe(404);
  });
});
