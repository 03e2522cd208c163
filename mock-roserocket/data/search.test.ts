import { beforeAll, describe, expect, it } from 'vitest';
import { SEED } from './index.ts';
import { dataTestApp, type DataTestApp } from './testing.ts';

const boards = SEED.demo.boards;
const orderBoard = boards.defaults.order;
type Row = Record<string, any>;

/** Every order, read once through the API, to compute what each filter should find. */
let t: DataTestApp;
let orders: Row[];
beforeAll(async () => {
  t = dataTestApp();
  const all = await t.post('/objects/search', { boardId: orderBoard, limit: 500, paths: ['customer', 'stops'] });
  orders = all.body.results;
  expect(orders).toHaveLength(SEED.demo.counts.order);
});

const ids = (rows: Row[]) => rows.map((r) => r.id).sort();
async function search(filters: unknown[], extra: Record<string, unknown> = {}) {
  const res = await t.post('/objects/search', { boardId: orderBoard, filters, limit: 500, ...extra });
  expect(res.status).toBe(200);
  return res.body as { total: number; results: Row[] };
}
async function expectFinds(filter: Row, predicate: (o: Row) => boolean) {
  const expected = orders.filter(predicate);
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(orders.length);
  const found = await search([filter]);
  expect(ids(found.results)).toEqual(ids(expected));
  expect(found.total).toBe(expected.length);
}

describe('search operators', () => {
  it('in / notIn', async () => {
    await expectFinds({ path: 'status', operator: 'in', value: ['booked', 'delivered'], fieldType: 'SelectField' }, (o) => ['booked', 'delivered'].includes(o.status));
    await expectFinds({ path: 'status', operator: 'notIn', value: ['booked', 'delivered'], fieldType: 'SelectField' }, (o) => !['booked', 'delivered'].includes(o.status));
  });

  it('equals / notEquals, loosely typed like query-built filters', async () => {
    await expectFinds({ path: 'priority', operator: 'equals', value: 'high', fieldType: 'SelectField' }, (o) => o.priority === 'high');
    await expectFinds({ path: 'isHazmat', operator: 'equals', value: 'true', fieldType: 'ToggleField' }, (o) => o.isHazmat === true);
    await expectFinds({ path: 'referenceNumber', operator: 'notEquals', value: 'PO-4401', fieldType: 'TextField' }, (o) => o.referenceNumber !== 'PO-4401');
  });

  it('contains / startsWith / endsWith, case-insensitively and through links', async () => {
    await expectFinds({ path: 'customer.name', operator: 'contains', value: 'ACME', fieldType: 'TextField' }, (o) => /acme/i.test(o.customer.name));
    await expectFinds({ path: 'fullId', operator: 'startsWith', value: 'o-1', fieldType: 'TextField' }, (o) => o.fullId.startsWith('O-1'));
    await expectFinds({ path: 'referenceNumber', operator: 'endsWith', value: '7', fieldType: 'TextField' }, (o) => o.referenceNumber.endsWith('7'));
  });

  it('hasEvery / hasSome over array links', async () => {
    const withStops = orders.filter((o) => o.stops.length);
    const [a, b] = [withStops[0]!, withStops[1]!];
    const stopsOfA = a.stops.map((s: Row) => s.id);
    await expectFinds({ path: 'stops', operator: 'hasEvery', value: stopsOfA, fieldType: 'ConnectionField' }, (o) => o.id === a.id);
    await expectFinds(
      { path: 'stops', operator: 'hasSome', value: [stopsOfA[0], b.stops[0].id], fieldType: 'ConnectionField' },
      (o) => o.id === a.id || o.id === b.id,
    );
    const mixed = await search([{ path: 'stops', operator: 'hasEvery', value: [stopsOfA[0], b.stops[0].id], fieldType: 'ConnectionField' }]);
    expect(mixed.total).toBe(0);
  });

  it('empty / notEmpty', async () => {
    await expectFinds({ path: 'notes', operator: 'empty', fieldType: 'TextField' }, (o) => !o.notes);
    await expectFinds({ path: 'externalId', operator: 'notEmpty', fieldType: 'TextField' }, (o) => o.externalId !== null);
  });

  it('freeText across the record, or one field', async () => {
    const found = await search([{ operator: 'freeText', value: 'erp-992', fieldType: 'TextField' }]);
    expect(found.results.map((r) => r.externalId)).toEqual(['ERP-992']);
    await expectFinds({ path: 'customerName', operator: 'freeText', value: 'logistics', fieldType: 'DerivedField' }, (o) => /logistics/i.test(o.customerName));
  });

  it('between numbers, dates and date-times (a date-only end covers its day)', async () => {
    await expectFinds({ path: 'weight', operator: 'between', value: [1000, 9000], fieldType: 'NumberField' }, (o) => o.weight >= 1000 && o.weight <= 9000);
    await expectFinds(
      // The seed's clock is 2025-06-02 (Toronto): yesterday to tomorrow.
      { path: 'pickupAt', operator: 'between', value: ['2025-06-01', '2025-06-03'], fieldType: 'DateField' },
      (o) => o.pickupAt.dateTimeInLocation >= '2025-06-01' && o.pickupAt.dateTimeInLocation.slice(0, 10) <= '2025-06-03',
    );
    await expectFinds({ path: 'deliverBy', operator: 'between', value: [null, '2025-06-02'], fieldType: 'DateField' }, (o) => o.deliverBy <= '2025-06-02');
  });

  it('filters on derived fields', async () => {
    await expectFinds({ path: 'customerName', operator: 'in', value: ['Acme Corp'], fieldType: 'DerivedField' }, (o) => o.customerName === 'Acme Corp');
    await expectFinds({ path: 'stopCount', operator: 'equals', value: 2, fieldType: 'NumberField' }, (o) => o.stopCount === 2);
  });
});

describe('search: combining, ordering, paging', () => {
  it('ANDs by default and ORs with filtersOperator "or"', async () => {
    const draft = { path: 'status', operator: 'equals', value: 'draft', fieldType: 'TextField' };
    const urgent = { path: 'priority', operator: 'in', value: ['urgent'], fieldType: 'SelectField' };
    const and = await search([draft, urgent]);
    expect(ids(and.results)).toEqual(ids(orders.filter((o) => o.status === 'draft' && o.priority === 'urgent')));
    const or = await search([draft, urgent], { filtersOperator: 'or' });
    expect(ids(or.results)).toEqual(ids(orders.filter((o) => o.status === 'draft' || o.priority === 'urgent')));
    expect(or.total).toBeGreaterThan(and.total);
  });

  it('orders by a path, through links too, blanks last', async () => {
    const asc = (await search([], { orderByPath: 'weight', orderByDirection: 'asc' })).results.map((r) => r.weight);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await search([], { orderByPath: 'weight', orderByDirection: 'desc' })).results.map((r) => r.weight);
    expect(desc).toEqual([...asc].reverse());
    const byCustomer = (await search([], { orderByPath: 'customer.name', paths: ['customer'] })).results.map((r) => r.customer.name);
    expect(byCustomer).toEqual([...byCustomer].sort().reverse());
    expect(new Set(byCustomer).size).toBeGreaterThan(1);
    const notes = (await search([], { orderByPath: 'notes', orderByDirection: 'asc' })).results.map((r) => r.notes);
    expect(notes.indexOf(null)).toBeGreaterThan(0);
    expect(notes.slice(notes.indexOf(null)).every((n) => n === null)).toBe(true);
  });

  it('pages with limit/offset or pagination, without overlap, keeping the total', async () => {
    const first = await t.post('/objects/search', { boardId: orderBoard, limit: 25 });
    const second = await t.post('/objects/search', { boardId: orderBoard, limit: 25, offset: 25 });
    const third = await t.post('/objects/search', { boardId: orderBoard, pagination: { limit: 25, offset: 50 } });
    expect([first, second, third].map((r) => r.body.total)).toEqual(Array(3).fill(SEED.demo.counts.order));
    expect([first, second, third].map((r) => r.body.results.length)).toEqual([25, 25, SEED.demo.counts.order - 50]);
    const seen = [...first.body.results, ...second.body.results, ...third.body.results].map((r: Row) => r.id);
    expect(new Set(seen).size).toBe(SEED.demo.counts.order);
    expect((await t.post('/objects/search', { boardId: orderBoard })).body.results).toHaveLength(50);
  });

  it('lets the board choose the object and apply its base filters', async () => {
    const outbound = await t.post('/objects/search', { boardId: boards.outboundFreight.id, limit: 500 });
    expect(ids(outbound.body.results)).toEqual(ids(orders.filter((o) => ['booked', 'dispatched', 'in-transit'].includes(o.status))));
    const night = await t.post('/objects/search', { boardId: boards.nightShift.id, limit: 500 });
    expect(night.body.total).toBeGreaterThan(0);
    expect(night.body.results.every((r: Row) => r.objectKey === 'task' && ['open', 'in-progress'].includes(r.status))).toBe(true);
  });
});

describe('search: bad input', () => {
  it('needs a uuid boardId', async () => {
    expect(await t.post('/objects/search', {})).toEqual({
      status: 400,
      body: { statusCode: 400, message: ['boardId should not be empty', 'boardId must be a UUID'], error: 'Bad Request' },
    });
    expect((await t.post('/objects/search', { boardId: 'orders' })).body.message).toEqual(['boardId must be a UUID']);
    const unknown = await t.post('/objects/search', { boardId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
  });

  it('names each bad filter part', async () => {
    const res = await t.post('/objects/search', {
      boardId: orderBoard,
      filters: [
        { path: 'status', operator: 'like', value: 'x', fieldType: 'SelectField' },
        { path: 'colour', operator: 'equals', value: 'x', fieldType: 'TextField' },
        { path: 'status', operator: 'in', value: 'booked', fieldType: 'SelectField' },
        { path: 'status', operator: 'between', value: [null, null], fieldType: 'Select' },
        { operator: 'equals', value: 1, fieldType: 'NumberField' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'filters.0.operator must be one of the following values: in, notIn, equals, notEquals, contains, startsWith, endsWith, hasEvery, hasSome, empty, notEmpty, freeText, between',
      'filters.1.path: "colour" is not a field of order',
      'filters.2.value must be an array of values for operator "in"',
      'filters.3.fieldType must be one of the following values: TextField, SelectField, DateField, ToggleField, ConnectionField, NumberField, DerivedField',
      'filters.3.value must be [from, to] for operator "between" (one side may be null)',
      'filters.4.path should not be empty',
    ]);
  });

  it('names bad combining, ordering and paging values', async () => {
    const res = await t.post('/objects/search', {
      boardId: orderBoard, filtersOperator: 'xor', orderByPath: 'nope', orderByDirection: 'up', limit: 501, offset: '5',
    });
    expect(res.body.message).toEqual([
      'filtersOperator must be one of the following values: and, or',
      'orderByPath: "nope" is not a field of order',
      'orderByDirection must be one of the following values: asc, desc',
      'limit must not be greater than 500',
      'offset must be an integer number',
    ]);
  });
});

describe('search quirks (strict mode)', () => {
  const quirks = [
    { path: 'status', operator: 'equals', value: 'booked', fieldType: 'SelectField' },
    { path: 'pickupAt', operator: 'between', value: ['2025-05-01', '2025-06-30'], fieldType: 'DateField' },
    { path: 'customerName', operator: 'in', value: ['Acme Corp'], fieldType: 'DerivedField' },
  ];

  it('answers the three live 500s when on', async () => {
    const strict = dataTestApp();
    strict.setQuirks(true);
    for (const filter of quirks) {
      const res = await strict.post('/objects/search', { boardId: orderBoard, filters: [filter] });
      expect(res).toEqual({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
    }
    const fine = await strict.post('/objects/search', { boardId: orderBoard, filters: [{ ...quirks[0], operator: 'in', value: ['booked'] }] });
    expect(fine.status).toBe(200);
  });

  it('answers them normally when off', async () => {
    for (const filter of quirks) {
      const res = await t.post('/objects/search', { boardId: orderBoard, filters: [filter] });
      expect(res.status).toBe(200);
      expect(res.body.total).toBeGreaterThan(0);
    }
  });
});

describe('GET /objects/autocomplete', () => {
  it('matches the search term on the label, sorted by label', async () => {
    const res = await t.get('/objects/autocomplete?objectKey=customer&searchTerm=acme');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: SEED.demo.customers.acmeCorp.id, objectKey: 'customer', fullId: 'CUST-1', name: 'Acme Corp', label: 'Acme Corp' },
      { id: SEED.demo.customers.acmeLogistics.id, objectKey: 'customer', fullId: 'CUST-2', name: 'Acme Logistics', label: 'Acme Logistics' },
    ]);
  });

  it('restricts to ids and labels by labelPath', async () => {
    const { acmeCorp } = SEED.demo.customers;
    const res = await t.get(`/objects/autocomplete?objectKey=customer&ids=${acmeCorp.id}&labelPath=email`);
    expect(res.body).toEqual([{ id: acmeCorp.id, objectKey: 'customer', fullId: 'CUST-1', name: 'Acme Corp', label: 'shipping@acme.example' }]);
    const orderLabels = await t.get('/objects/autocomplete?objectKey=order&searchTerm=O-1&labelPath=customer.name&limit=3');
    expect(orderLabels.body).toHaveLength(3);
  });

  it('names bad input', async () => {
    expect((await t.get('/objects/autocomplete')).body.message).toEqual(['objectKey should not be empty']);
    expect((await t.get('/objects/autocomplete?objectKey=customer&ids=1,2')).body.message).toEqual(['each value in ids must be a UUID']);
    expect((await t.get('/objects/autocomplete?objectKey=customer&labelPath=nope')).body.message).toEqual(['labelPath: "nope" is not a field of customer']);
  });
});
