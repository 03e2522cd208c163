import { describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../orgs.ts';
import { SEED } from './index.ts';
import { dataTestApp } from './testing.ts';

const erp992 = SEED.demo.orders.erp992.id;
const orderBoard = SEED.demo.boards.defaults.order;
const listFor = (recordId: string, query = '') => `/events?recordId=${recordId}&objectKey=order${query}`;

describe('events written by record writes', () => {
  it('a create writes a create event with every set field as changed', async () => {
    const t = dataTestApp();
    const order = await t.post('/objects', { objectKey: 'order', json: { customer: { id: SEED.demo.customers.acmeCorp.id }, weight: 900 } });
    const events = await t.get(listFor(order.body.id));
    expect(events.body.total).toBe(1);
    expect(events.body.results[0]).toMatchObject({
      type: 'create',
      recordId: order.body.id,
      user: { id: DEMO_ORG.userId, email: DEMO_ORG.userEmail, firstName: DEMO_ORG.userFirstName },
      json: {
        changedFields: expect.arrayContaining([
          { field: 'weight', value: 900, prevValue: null },
          { field: 'customer', value: SEED.demo.customers.acmeCorp.id, prevValue: null },
          { field: 'status', value: 'draft', prevValue: null },
        ]),
      },
    });
  });

  it('an update writes a mutate event with only the changed fields and their previous values', async () => {
    const t = dataTestApp();
    t.tick();
    await t.put(`/objects/${erp992}`, { objectKey: 'order', json: { status: 'in-transit', priority: 'high', weight: 19_000 } });
    const [, latest] = (await t.get(listFor(erp992))).body.results;
    expect(latest).toMatchObject({
      type: 'mutate',
      createdAt: '2025-06-02T12:00:01.000Z',
      json: {
        changedFields: [
          { field: 'status', value: 'in-transit', prevValue: 'dispatched' },
          { field: 'weight', value: 19_000, prevValue: 18_400 },
        ],
      },
    });
  });

  it('a status move also writes the system\'s <objectKey>.status-changed event, after the mutate', async () => {
    const t = dataTestApp();
    t.tick();
    await t.put(`/objects/${erp992}`, { objectKey: 'order', json: { status: 'in-transit' } });
    const [moved, mutate] = (await t.get(listFor(erp992))).body.results;
    expect(moved).toMatchObject({ type: 'order.status-changed', createdAt: '2025-06-02T12:00:01.000Z', json: { from: 'dispatched', to: 'in-transit' }, user: { id: DEMO_ORG.userId } });
    expect(mutate.type).toBe('mutate');
    // The record really moved: the timeline never says more than the record.
    expect((await t.get(`/objects/${erp992}`)).body.status).toBe('in-transit');

    await t.put(`/objects/${erp992}`, { objectKey: 'order', json: { weight: 1, status: 'in-transit' } });
    expect((await t.get(listFor(erp992, '&inTypes=order.status-changed'))).body.total).toBe(2);
    const task = (await t.post('/objects', { objectKey: 'task', json: { title: 'Call', order: { id: erp992 } } })).body;
    await t.put(`/objects/${task.id}`, { objectKey: 'task', json: { status: 'done' } });
    const taskTypes = (await t.get(`/events?recordId=${task.id}&objectKey=task`)).body.results.map((e: { type: string }) => e.type);
    expect(taskTypes).toEqual(['task.status-changed', 'mutate', 'create']);
  });

  it('nested creation writes the child its own create event', async () => {
    const t = dataTestApp();
    const res = await t.put(`/objects/${erp992}`, { objectKey: 'order', json: { stops: [{ type: 'delivery', name: 'Extra drop' }] } });
    const stopId = res.body.stops[0].id;
    const stopEvents = await t.get(`/events?recordId=${stopId}&objectKey=stop`);
    expect(stopEvents.body.results.map((e: { type: string }) => e.type)).toEqual(['create']);
  });
});

describe('GET /events', () => {
  it("lists the seeded history of ERP-992, newest first, never the widget events", async () => {
    const t = dataTestApp();
    const res = await t.get(listFor(erp992));
    expect(res.status).toBe(200);
    expect(res.body.results.map((e: { type: string }) => e.type)).toEqual(['order.status-changed', 'mutate', 'create']);
    expect(res.body.total).toBe(3);
    expect(res.body.results[0]).toMatchObject({ id: SEED.demo.events.erp992StatusChanged, json: { from: 'booked', to: 'dispatched' } });
    const widgetOnly = await t.get(listFor(erp992, '&type=widget-open'));
    expect(widgetOnly.body).toEqual({ total: 0, results: [] });
  });

  it('filters by type, inTypes, notInTypes and userId; orders and pages', async () => {
    const t = dataTestApp();
    const types = async (query: string) => (await t.get(listFor(erp992, query))).body.results.map((e: { type: string }) => e.type);
    expect(await types('&type=mutate')).toEqual(['mutate']);
    expect(await types('&inTypes=create,order.status-changed')).toEqual(['order.status-changed', 'create']);
    expect(await types('&inTypes=create&inTypes=mutate')).toEqual(['mutate', 'create']);
    expect(await types('&notInTypes=mutate')).toEqual(['order.status-changed', 'create']);
    expect(await types(`&userId=${SEED.demo.users.marcus}`)).toEqual(['order.status-changed', 'mutate']);
    expect(await types('&orderByDirection=asc')).toEqual(['create', 'mutate', 'order.status-changed']);
    expect(await types('&orderBy=type&orderByDirection=asc')).toEqual(['create', 'mutate', 'order.status-changed']);
    expect(await types('&orderByDirection=asc&limit=1&offset=1')).toEqual(['mutate']);
    const paged = await t.get(listFor(erp992, '&limit=1'));
    expect(paged.body.total).toBe(3);
    expect(await types(`&bookmark=${SEED.demo.events.erp992StatusChanged}&offset=1`)).toEqual(['mutate', 'create']);
  });

  it('needs recordId and objectKey, and names every bad filter', async () => {
    const t = dataTestApp();
    expect((await t.get('/events')).body.message).toEqual([
      'recordId should not be empty', 'recordId must be a UUID', 'objectKey should not be empty',
    ]);
    const res = await t.get(listFor(erp992, '&limit=201&offset=-1&orderBy=name&orderByDirection=sideways&userId=me&type=bogus&boardId=b'));
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'boardId must be a UUID',
      'type must be one of the following values: create, mutate, internal, widget-open, widget-close',
      'userId must be a UUID',
      'orderBy must be one of the following values: createdAt, id, type, refId, ownerId',
      'orderByDirection must be one of the following values: asc, desc',
      'limit must not be greater than 200',
      'offset must not be less than 0',
    ]);
  });

  it('takes only its own orderBy names, never inherited object keys', async () => {
    const t = dataTestApp();
    expect((await t.get(listFor(erp992, '&orderBy=constructor'))).status).toBe(400);
  });

  it('answers 404 for an unknown record and 400 for the wrong objectKey', async () => {
    const t = dataTestApp();
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.get(`/events?recordId=${missing}&objectKey=order`)).status).toBe(404);
    expect((await t.get(`/events?recordId=${erp992}&objectKey=task`)).body.message).toEqual([
      'objectKey "task" does not match the record\'s objectKey "order"',
    ]);
    expect((await t.get(`${listFor(erp992)}&bookmark=nope`)).body.message).toEqual(['bookmark "nope" is not an event of this record']);
  });
});

describe('POST /events', () => {
  it('creates an event by the calling user, listed with the rest', async () => {
    const t = dataTestApp();
    const res = await t.post('/events', { recordId: erp992, boardId: orderBoard, type: 'internal', json: { note: 'Driver on site' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      type: 'internal',
      recordId: erp992,
      boardId: orderBoard,
      createdAt: '2025-06-02T12:00:00.000Z',
      user: { id: DEMO_ORG.userId, firstName: 'Dana' },
      json: { note: 'Driver on site' },
    });
    expect((await t.get(listFor(erp992))).body.results[0].id).toBe(res.body.id);
  });

  it('stores widget events without ever listing them', async () => {
    const t = dataTestApp();
    const res = await t.post('/events', { recordId: erp992, boardId: orderBoard, type: 'widget-close', json: {} });
    expect(res.status).toBe(200);
    expect((await t.get(listFor(erp992))).body.total).toBe(3);
  });

  it('takes only the five types of the OpenAPI: a dotted kind is the system\'s, and changes nothing', async () => {
    const t = dataTestApp();
    for (const type of ['create', 'mutate', 'internal', 'widget-open', 'widget-close']) {
      expect((await t.post('/events', { recordId: erp992, boardId: orderBoard, type, json: {} })).status).toBe(200);
    }
    const before = (await t.get(listFor(erp992))).body.total;
    const dotted = await t.post('/events', { recordId: erp992, boardId: orderBoard, type: 'order.status-changed', json: { to: 'Delayed at border' } });
    expect(dotted).toEqual({
      status: 400,
      body: { statusCode: 400, message: ['type must be one of the following values: create, mutate, internal, widget-open, widget-close'], error: 'Bad Request' },
    });
    expect((await t.get(listFor(erp992))).body.total).toBe(before);
    expect((await t.get(`/objects/${erp992}`)).body.status).toBe('dispatched');
    expect((await t.get(listFor(erp992, '&type=order.status-changed'))).status).toBe(400);
  });

  it('names each missing field, then unknown records and boards', async () => {
    const t = dataTestApp();
    expect((await t.post('/events', {})).body.message).toEqual([
      'recordId should not be empty', 'recordId must be a UUID', 'boardId should not be empty', 'boardId must be a UUID',
      'type should not be empty', 'json must be an object',
    ]);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.post('/events', { recordId: missing, boardId: orderBoard, type: 'internal', json: {} })).status).toBe(404);
    const noBoard = await t.post('/events', { recordId: erp992, boardId: missing, type: 'internal', json: {} });
    expect(noBoard.body).toEqual({ statusCode: 404, message: `Board with ID "${missing}" not found.`, error: 'Not Found' });
  });
});
