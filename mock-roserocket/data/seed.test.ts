import { describe, expect, it } from 'vitest';
import { DEMO_ORG, OTHER_ORG } from '../orgs.ts';
import { DEFINITIONS } from './definitions.ts';
import { SEED } from './index.ts';
import { DERIVERS } from './schema.ts';
import { dataTestApp, type DataTestApp } from './testing.ts';

const demo = SEED.demo;

async function allIds(t: DataTestApp, boardId: string): Promise<string[]> {
  const res = await t.post('/objects/search', { boardId, limit: 500 });
  expect(res.status).toBe(200);
  return res.body.results.map((r: { id: string }) => r.id);
}

describe('seed', () => {
  it('has enough records per key for paging to be real', async () => {
    const t = dataTestApp();
    for (const [objectKey, count] of Object.entries(demo.counts)) {
      const boardId = demo.boards.defaults[objectKey as keyof typeof demo.boards.defaults];
      expect((await t.post('/objects/search', { boardId, limit: 1 })).body.total, objectKey).toBe(count);
    }
    expect((await t.post('/objects/search', { boardId: demo.boards.defaults.stop })).body.total).toBeGreaterThan(10);
  });

  it('is the same on every start', async () => {
    const [a, b] = [dataTestApp(), dataTestApp()];
    expect(await allIds(a, demo.boards.defaults.task)).toEqual(await allIds(b, demo.boards.defaults.task));
    const events = (t: DataTestApp) => t.get(`/events?recordId=${demo.orders.erp992.id}&objectKey=order`);
    expect((await events(a)).body).toEqual((await events(b)).body);
  });

  it('names the service user of each org as a user record', async () => {
    const t = dataTestApp();
    expect((await t.get(`/objects/${DEMO_ORG.userId}`)).body).toMatchObject({ objectKey: 'user', email: DEMO_ORG.userEmail, firstName: 'Dana' });
    t.actAs(OTHER_ORG);
    expect((await t.get(`/objects/${OTHER_ORG.userId}`)).body).toMatchObject({ objectKey: 'user', email: OTHER_ORG.userEmail });
  });
});

describe('org isolation', () => {
  it("never shows one org's records, boards, groups or external ids to the other", async () => {
    const t = dataTestApp();
    const demoOrders = await allIds(t, demo.boards.defaults.order);
    const created = await t.post('/objects', { objectKey: 'customer', json: { name: 'Demo Only Ltd' } });

    t.actAs(OTHER_ORG);
    const otherOrders = await allIds(t, SEED.other.boards.defaults.order);
    expect(otherOrders).toHaveLength(SEED.other.counts.order);
    expect(otherOrders.filter((id) => demoOrders.includes(id))).toEqual([]);
    expect((await t.get(`/objects/${demo.orders.erp992.id}`)).status).toBe(404);
    expect((await t.get(`/objects/${created.body.id}`)).status).toBe(404);
    expect((await t.get('/objects/order/ERP-992/external')).status).toBe(404);
    expect((await t.post('/objects/search', { boardId: demo.boards.defaults.order })).status).toBe(404);
    expect((await t.get('/objects/autocomplete?objectKey=customer&searchTerm=acme')).body).toEqual([]);
    expect((await t.get('/objects/autocomplete?objectKey=customer&searchTerm=northwind')).body.map((c: { name: string }) => c.name)).toEqual(['Northwind Retail']);
    expect((await t.get('/userGroups')).body.map((g: { name: string }) => g.name)).toEqual(['Yard Crew', 'Northwind Dispatch']);
    expect((await t.get(`/userGroups/${demo.userGroups.nightDispatch.id}/members`)).status).toBe(404);
    expect((await t.get('/boards/nav')).body.map((b: { id: string }) => b.id)).not.toContain(demo.boards.outboundFreight.id);
    const link = await t.post('/objects', { objectKey: 'order', json: { customer: { id: demo.customers.acmeCorp.id } } });
    expect(link.body.message).toEqual([`Error setting field customer: customer with ID "${demo.customers.acmeCorp.id}" not found`]);

    t.actAs(DEMO_ORG);
    expect((await t.get(`/objects/${SEED.other.customers.northwindRetail.id}`)).status).toBe(404);
  });
});

describe('reset', () => {
  it('puts every org back to the seed', async () => {
    const t = dataTestApp();
    await t.del(`/objects/${demo.orders.erp992.id}`);
    const created = await t.post('/objects', { objectKey: 'customer', json: { name: 'Temporary' } });
    await t.post(`/userGroups/${demo.userGroups.nightDispatch.id}/members`, { remove: [demo.users.marcus] });
    await t.post('/userGroups', { name: 'Temporary group' });
    await t.post(`/boards/${demo.boards.outboundFreight.id}/views`, { name: 'Temporary view' });
    t.actAs(OTHER_ORG);
    await t.del(`/objects/${SEED.other.customers.northwindRetail.id}`);

    t.data.reset();

    expect((await t.get(`/objects/${SEED.other.customers.northwindRetail.id}`)).status).toBe(200);
    t.actAs(DEMO_ORG);
    expect((await t.get(`/objects/${demo.orders.erp992.id}`)).body.version).toBe(2);
    expect((await t.get(`/objects/${created.body.id}`)).status).toBe(404);
    expect((await t.get(`/userGroups/${demo.userGroups.nightDispatch.id}/members`)).body.members).toHaveLength(3);
    expect((await t.get('/userGroups')).body).toHaveLength(2);
    expect((await t.get(`/boards/${demo.boards.outboundFreight.id}/views`)).body).toHaveLength(2);
    const again = await t.post('/objects', { objectKey: 'customer', json: { name: 'After reset' } });
    expect(again.body.fullId).toBe(created.body.fullId);
  });
});

describe('object definitions', () => {
  it('lists the recipes of every key, with required fields and typed configs', async () => {
    const t = dataTestApp();
    const res = await t.get('/recipes/current/objects');
    const keys = res.body.map((d: { key: string }) => d.key);
    for (const key of ['customer', 'order', 'task', 'stop', 'manifest', 'commodity', 'partner', 'contact', 'address', 'quote', 'user', 'userGroup', 'board', 'event', 'load__c']) {
      expect(keys).toContain(key);
    }
    const types = new Set(res.body.flatMap((d: { fields: { type: string }[] }) => d.fields.map((f) => f.type)));
    expect([...types].sort()).toEqual(['connection', 'date', 'dateTime', 'derived', 'money', 'number', 'select', 'text', 'toggle']);
    const order = await t.get('/recipes/current/objects/order');
    const field = (key: string) => order.body.fields.find((f: { key: string }) => f.key === key);
    expect(field('customer')).toEqual({ key: 'customer', type: 'connection', label: 'Customer', isArray: false, isRequired: true, typeConfig: { objectKey: 'customer' } });
    expect(field('stops')).toMatchObject({ isArray: true, typeConfig: { objectKey: 'stop' } });
    expect(field('priority').typeConfig.options).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(field('stopCount')).toMatchObject({ type: 'derived', isDerived: true });
    expect((await t.get('/recipes/current/objects/load__c')).body.label).toBe('Truck Load');
  });

  it('answers 404 for an unknown key', async () => {
    const t = dataTestApp();
    expect((await t.get('/recipes/current/objects/Order')).body).toEqual({ statusCode: 404, message: 'Object definition "Order" not found.', error: 'Not Found' });
  });

  it('computes every derived field and links only to known keys', () => {
    for (const def of DEFINITIONS.values()) {
      for (const field of def.fields) {
        if (field.type === 'derived') expect(DERIVERS[def.key]?.[field.key], `${def.key}.${field.key}`).toBeTypeOf('function');
        if (field.type === 'connection') expect(DEFINITIONS.has(field.typeConfig.objectKey ?? ''), `${def.key}.${field.key}`).toBe(true);
      }
      expect(def.fields.some((f) => f.key === def.labelPath) || def.labelPath === 'fullId', def.key).toBe(true);
    }
  });
});

describe('unrouted requests', () => {
  it('answer a NestJS 404 naming the method and path', async () => {
    const t = dataTestApp();
    expect(await t.get('/nope')).toEqual({ status: 404, body: { statusCode: 404, message: 'Cannot GET /api/v2/platformModel/nope', error: 'Not Found' } });
    expect((await t.del('/userGroups')).status).toBe(404);
  });
});
