import { describe, expect, it } from 'vitest';
import { createMockData, SEED } from '../index.ts';
import { dataTestApp, START } from '../testing.ts';

/** START is 2025-06-02T12:00Z: 08:00 on 2025-06-02 in Toronto, the demo org's timezone. */
const TODAY = '2025-06-02';
const DAY = 86_400_000;
const demo = SEED.demo;
type Row = Record<string, any>;

async function all(objectKey: string, paths: string[] = []): Promise<Row[]> {
  const t = dataTestApp();
  const board = (demo.boards.defaults as Record<string, string>)[objectKey]!;
  return (await t.post('/objects/search', { boardId: board, limit: 500, paths })).body.results;
}
const dayOf = (value: { dateTimeInLocation: string } | null) => value?.dateTimeInLocation.slice(0, 10);

describe('the demo seed, relative to the clock', () => {
  it('is the same under the same clock, and moves with it', () => {
    const snapshot = (now: number) => JSON.stringify([...createMockData(() => now).org(demo.orgId).records.values()]);
    expect(snapshot(START)).toBe(snapshot(START));
    const erp992 = (now: number) => createMockData(() => now).org(demo.orgId).records.get(demo.orders.erp992.id)!;
    expect((erp992(START).fields.pickupAt as Row).dateTimeInLocation).toBe(`${TODAY}T08:00:00`);
    expect((erp992(START + DAY).fields.pickupAt as Row).dateTimeInLocation).toBe('2025-06-03T08:00:00');
  });

  it('creates the orders over the last 30 days, and writes nothing at or after now', () => {
    const org = createMockData(() => START).org(demo.orgId);
    const orders = org.recordsOf('order');
    expect(orders).toHaveLength(demo.counts.order);
    for (const order of orders) {
      expect(Date.parse(order.createdAt)).toBeGreaterThanOrEqual(START - 30 * DAY);
      expect(Date.parse(order.createdAt)).toBeLessThan(START);
    }
    expect(Math.min(...orders.map((o) => Date.parse(o.createdAt)))).toBeLessThan(START - 25 * DAY);
    for (const stamp of [...org.records.values()].flatMap((r) => [r.createdAt, r.updatedAt]).concat(org.events.map((e) => e.createdAt))) {
      expect(Date.parse(stamp)).toBeLessThan(START);
    }
  });

  it('has pickups yesterday, today, tomorrow and next week, in step with each order\'s status', async () => {
    const orders = await all('order');
    const pickups = new Set(orders.map((o) => dayOf(o.pickupAt)));
    for (const day of ['2025-06-01', TODAY, '2025-06-03', '2025-06-09']) expect(pickups).toContain(day);
    for (const order of orders.filter((o) => o.status === 'delivered')) expect(order.deliverBy <= TODAY).toBe(true);
    for (const order of orders.filter((o) => ['booked', 'draft'].includes(o.status))) expect(dayOf(order.pickupAt)! >= TODAY).toBe(true);
  });

  it('has open tasks due today and overdue', async () => {
    const open = (await all('task')).filter((task) => ['open', 'in-progress'].includes(task.status));
    expect(open.filter((task) => dayOf(task.dueAt) === TODAY).length).toBeGreaterThanOrEqual(3);
    expect(open.filter((task) => dayOf(task.dueAt)! < TODAY).length).toBeGreaterThanOrEqual(3);
  });

  it('has multi-stop orders whose stops carry appointment windows', async () => {
    const orders = await all('order', ['stops']);
    const multi = orders.filter((o) => o.stops.length >= 3);
    expect(multi.length).toBeGreaterThanOrEqual(5);
    expect(orders.some((o) => o.stops.length === 4)).toBe(true);
    const stops = await all('stop');
    expect(stops.every((s) => s.appointmentAt?.dateTimeInLocationEnd > s.appointmentAt?.dateTimeInLocation)).toBe(true);
  });

  it('links manifests and orders both ways', async () => {
    const manifests = await all('manifest', ['orders']);
    const orders = await all('order', ['manifest']);
    expect(manifests.length).toBeGreaterThanOrEqual(3);
    for (const manifest of manifests) {
      expect(manifest.orders.length).toBeGreaterThan(0);
      for (const listed of manifest.orders) expect(orders.find((o) => o.id === listed.id)!.manifest?.id).toBe(manifest.id);
    }
    for (const order of orders.filter((o) => o.manifest)) {
      expect(manifests.find((m) => m.id === order.manifest.id)!.orders.map((o: Row) => o.id)).toContain(order.id);
    }
  });
});

describe("the article's names", () => {
  it('Acme Corp, its Chicago warehouse, ERP-992 as O-1, SAP-10992 and order 99281', async () => {
    const t = dataTestApp();
    const acme = (await t.get(`/objects/${demo.customers.acmeCorp.id}?paths=locations`)).body;
    expect(acme).toMatchObject({ fullId: 'CUST-1', name: 'Acme Corp' });
    expect(acme.locations).toEqual([expect.objectContaining({ id: demo.addresses.acmeChicagoWarehouse.id })]);
    expect((await t.get(`/objects/${demo.addresses.acmeChicagoWarehouse.id}`)).body).toMatchObject({ name: 'Acme Chicago Warehouse', city: 'Chicago' });

    expect((await t.get('/objects/order/ERP-992/external')).body).toMatchObject({ id: demo.orders.erp992.id, fullId: 'O-1', status: 'dispatched' });
    const sap = (await t.get('/objects/order/SAP-10992/external?paths=customer,stops.city')).body;
    expect(sap).toMatchObject({ id: demo.orders.sap10992.id, status: 'booked', customer: { name: 'Acme Corp' }, pickupAt: { dateTimeInLocation: '2025-06-03T09:00:00' } });
    expect(sap.stops[0]).toMatchObject({ name: 'Acme Chicago Warehouse', city: 'Chicago' });

    const byNumber = await t.post('/objects/search', { boardId: demo.boards.defaults.order, filters: [{ path: 'fullId', operator: 'in', value: ['O-99281'], fieldType: 'TextField' }], paths: ['stops'] });
    expect(byNumber.body.results).toEqual([expect.objectContaining({ id: demo.orders.o99281.id, status: 'in-transit' })]);
    expect(byNumber.body.results[0].stops).toHaveLength(4);
    // The sequence goes on past the imported number without ever handing it out again.
    const created = await t.post('/objects', { objectKey: 'order', json: { customer: { id: demo.customers.acmeCorp.id } } });
    expect(created.body.fullId).toBe(`O-${demo.counts.order}`);
  });

  it('Acme Corp has orders in several states, not all delivered', async () => {
    const acme = (await all('order')).filter((o) => o.customerName === 'Acme Corp');
    expect(acme.length).toBeGreaterThanOrEqual(8);
    expect(new Set(acme.map((o) => o.status)).size).toBeGreaterThanOrEqual(4);
  });

  it('Night Dispatch has members; Marcus is not yet in LTL Dispatchers', async () => {
    const t = dataTestApp();
    const night = (await t.get(`/userGroups/${demo.userGroups.nightDispatch.id}/members`)).body.members.map((m: Row) => m.id);
    expect(night).toContain(demo.users.marcus);
    const ltl = (await t.get(`/userGroups/${demo.userGroups.ltlDispatchers.id}/members`)).body.members.map((m: Row) => m.id);
    expect(ltl.length).toBeGreaterThan(0);
    expect(ltl).not.toContain(demo.users.marcus);
    const marcus = (await t.get('/objects/autocomplete?objectKey=user&searchTerm=marcus')).body;
    expect(marcus).toEqual([expect.objectContaining({ id: demo.users.marcus })]);
  });

  it('the Outbound Freight board and the active shift board, with tasks on it', async () => {
    const t = dataTestApp();
    const names = (await t.get('/boards/nav')).body.map((b: Row) => b.name);
    expect(names).toEqual(expect.arrayContaining(['Outbound Freight', 'Night Shift — Active']));
    expect((await t.post('/objects/search', { boardId: demo.boards.nightShift.id })).body.total).toBeGreaterThan(0);
  });

  it('a custom object labelled "Truck Load" under the key load__c, with records', async () => {
    const t = dataTestApp();
    expect((await t.get('/recipes/current/objects/load__c')).body).toMatchObject({ key: 'load__c', label: 'Truck Load' });
    expect((await t.post('/objects/search', { boardId: demo.boards.defaults.load__c })).body.total).toBe(demo.counts.load__c);
  });
});
