import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../../tools/define.ts';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { decodeCursor, encodeCursor, type ListResult } from '../../tools/paging.ts';
import { BOARDS, fakeContext, FakeUpstreamError, IDS, invoke } from './fake-context.ts';

const tool = (name: string) => TOOLS_BY_NAME.get(name)!;
const searchAnswer = (count: number, total: number) => ({
  total,
  results: Array.from({ length: count }, (_, i) => ({ id: `r${i}`, objectKey: 'order', fullId: `O-${i}`, status: 'new', weight: i })),
});

describe('list_all_roserocket_objects', () => {
  it('needs only object_key: resolves "Order", picks its default board and searches it', async () => {
    const { ctx, calls } = fakeContext(() => searchAnswer(2, 2));
    const result = (await invoke(tool('list_all_roserocket_objects'), { object_key: 'Order' }, ctx)) as ListResult;
    expect(calls).toEqual([
      { method: 'POST', path: ['objects', 'search'], body: expect.objectContaining({ boardId: BOARDS.order, filters: [], filtersOperator: 'and', limit: 25, offset: 0 }) },
    ]);
    expect(result).toMatchObject({ total: 2, has_more: false, next_cursor: null });
    expect(result.results).toHaveLength(2);
  });

  it('rejects an unknown object key, listing the valid ones', async () => {
    const { ctx, calls } = fakeContext();
    await expect(invoke(tool('list_all_roserocket_objects'), { object_key: 'shipment' }, ctx)).rejects.toMatchObject({
      field: 'object_key',
      reason: expect.stringContaining('order, customer'),
    });
    expect(calls).toEqual([]);
  });

  it('infers field types from the definition, through links, and sends select equals as in, and a one-value derived in as equals', async () => {
    const { ctx, calls } = fakeContext(() => searchAnswer(0, 0));
    await invoke(
      tool('list_all_roserocket_objects'),
      {
        object_key: 'order',
        filters: [
          { path: 'status', operator: 'equals', value: 'new' },
          { path: 'customer.name', operator: 'startsWith', value: 'Acme' },
          { path: 'weight', operator: 'in', value: 5 },
          { path: 'pickupDate', operator: 'notEmpty' },
          { path: 'ageDays', operator: 'equals', value: 3 },
          { path: 'unknownThing', operator: 'contains', value: 'x' },
          { path: 'ageDays', operator: 'in', value: [4] },
          { path: 'ageDays', operator: 'in', value: [5, 6] },
        ],
        order_by: 'createdAt',
        order_direction: 'desc',
      },
      ctx,
    );
    expect(calls[0]!.body).toMatchObject({
      filters: [
        { path: 'status', operator: 'in', value: ['new'], fieldType: 'SelectField' },
        { path: 'customer.name', operator: 'startsWith', value: 'Acme', fieldType: 'TextField' },
        { path: 'weight', operator: 'in', value: [5], fieldType: 'NumberField' },
        { path: 'pickupDate', operator: 'notEmpty', fieldType: 'DateField' },
        { path: 'ageDays', operator: 'equals', value: 3, fieldType: 'DerivedField' },
        { path: 'unknownThing', operator: 'contains', value: 'x', fieldType: 'TextField' },
        { path: 'ageDays', operator: 'equals', value: 4, fieldType: 'DerivedField' },
        // Several values have no equivalent that works: sent as asked.
        { path: 'ageDays', operator: 'in', value: [5, 6], fieldType: 'DerivedField' },
      ],
      orderByPath: 'createdAt',
      orderByDirection: 'desc',
    });
    expect((calls[0]!.body as { filters: object[] }).filters[3]).not.toHaveProperty('value');
  });

  it('resolves the values of a filter on a link itself as record ids (fullId, number), and refuses one that is no id, before searching', async () => {
    const { ctx, calls } = fakeContext((request) =>
      request.path.join('/') === 'objects/autocomplete' ? [{ id: IDS.customer, objectKey: 'customer', fullId: 'CUST-1', name: 'Acme Corp' }] : searchAnswer(0, 0),
    );
    await invoke(tool('list_all_roserocket_objects'), { object_key: 'order', filters: [{ path: 'customer', operator: 'equals', value: 'CUST-1' }, { path: 'customer', operator: 'in', value: [IDS.customer, '1'] }, { path: 'customer.name', operator: 'equals', value: 'Acme Corp' }] }, ctx);
    expect(calls.at(-1)!.body).toMatchObject({
      filters: [
        { path: 'customer', operator: 'equals', value: IDS.customer, fieldType: 'ConnectionField' },
        { path: 'customer', operator: 'in', value: [IDS.customer, IDS.customer], fieldType: 'ConnectionField' },
        { path: 'customer.name', operator: 'equals', value: 'Acme Corp', fieldType: 'TextField' },
      ],
    });
    // A name is no id: tried as the customer's external id, it names none, and nothing is searched.
    const { ctx: fresh, calls: tried } = fakeContext((request) => {
      throw new FakeUpstreamError(request.path.at(-1) === 'external' ? 404 : 500);
    });
    await expect(invoke(tool('list_all_roserocket_objects'), { object_key: 'order', filters: [{ path: 'customer', operator: 'equals', value: 'Acme Corp' }] }, fresh)).rejects.toMatchObject({
      field: 'filters[0].value',
      reason: expect.stringContaining('"Acme Corp" is not a uuid, fullId or number, and no customer has it as external id'),
    });
    expect(tried.map((request) => request.path.join('/'))).toEqual(['objects/customer/Acme Corp/external']);
  });

  it.each([
    [{ path: 'status', operator: 'equals' }, 'filters[0].value', /required/],
    [{ path: 'pickupDate', operator: 'between', value: ['2026-01-01'] }, 'filters[0].value', /two values/],
    [{ path: 'status', operator: 'contains', value: ['a', 'b'] }, 'filters[0].value', /single value/],
  ])('names the filter value that is wrong: %j', async (filter, field, reason) => {
    const { ctx, calls } = fakeContext();
    await expect(invoke(tool('list_all_roserocket_objects'), { object_key: 'order', filters: [filter] }, ctx)).rejects.toMatchObject({ field, reason: expect.stringMatching(reason) });
    expect(calls).toEqual([]);
  });

  it('pages with an opaque cursor: the next page asks for the next offset', async () => {
    const { ctx, calls } = fakeContext(() => searchAnswer(10, 35));
    const first = (await invoke(tool('list_all_roserocket_objects'), { object_key: 'order', limit: 10 }, ctx)) as ListResult;
    expect(first.has_more).toBe(true);
    const second = (await invoke(tool('list_all_roserocket_objects'), { object_key: 'order', limit: 10, next_cursor: first.next_cursor }, ctx)) as ListResult;
    expect(calls.map((call) => (call.body as { offset: number }).offset)).toEqual([0, 10]);
    expect(decodeCursor(second.next_cursor!)).toBe(20);
  });

  it('uses the board given instead of the default, and projects the fields asked for', async () => {
    const { ctx, calls } = fakeContext(() => searchAnswer(1, 1));
    const result = (await invoke(tool('list_all_roserocket_objects'), { object_key: 'order', board_id: BOARDS.shift, fields: ['status'] }, ctx)) as ListResult;
    expect((calls[0]!.body as { boardId: string }).boardId).toBe(BOARDS.shift);
    expect(result.results).toEqual([{ id: 'r0', objectKey: 'order', fullId: 'O-0', status: 'new' }]);
  });

  it('caps limit at 100 and refuses a cursor it did not issue', async () => {
    const { ctx } = fakeContext(() => searchAnswer(0, 0));
    expect(() => tool('list_all_roserocket_objects').input.parse({ object_key: 'order', limit: 101 })).toThrow(/expected number to be <=100/);
    await expect(invoke(tool('list_all_roserocket_objects'), { object_key: 'order', next_cursor: 'page-2' }, ctx)).rejects.toMatchObject({ field: 'next_cursor' });
  });
});

describe('roserocket_objects_search', () => {
  it('sends either/or filters, explicit field types, the timezone and the offset of the cursor, for a custom object named without __c', async () => {
    const { ctx, calls } = fakeContext(() => searchAnswer(0, 0));
    await invoke(
      tool('roserocket_objects_search'),
      {
        object_key: 'load',
        board_id: BOARDS.shift,
        filters_operator: 'or',
        timezone: 'America/Toronto',
        filters: [
          { path: 'lane', operator: 'freeText', value: 'Toronto', field_type: 'TextField' },
          { path: 'due', operator: 'between', value: ['2026-01-01', '2026-01-31'], field_type: 'DateField' },
        ],
        next_cursor: encodeCursor(50),
      },
      ctx,
    );
    expect(calls[0]!.body).toEqual({
      boardId: BOARDS.shift,
      filters: [
        { path: 'lane', operator: 'freeText', value: 'Toronto', fieldType: 'TextField' },
        // Live answers 500 to DateField + between: the range goes as its days.
        { path: 'due', operator: 'in', value: Array.from({ length: 31 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`), fieldType: 'DateField' },
      ],
      filtersOperator: 'or',
      orderByPath: undefined,
      orderByDirection: undefined,
      timezone: 'America/Toronto',
      limit: 25,
      offset: 50,
    });
  });

  it('sends a date range on createdAt, which no definition lists, as its days too', async () => {
    const { ctx, calls } = fakeContext(() => searchAnswer(0, 0));
    await invoke(tool('roserocket_objects_search'), { object_key: 'order', filters: [{ path: 'createdAt', operator: 'between', value: ['2026-02-27', '2026-03-02'] }] }, ctx);
    expect((calls[0]!.body as { filters: unknown[] }).filters).toEqual([
      { path: 'createdAt', operator: 'in', value: ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'], fieldType: 'DateField' },
    ]);
  });

  it.each([
    [['2026-01-01', null], /needs two whole days/],
    [['2026-01-01T08:00:00', '2026-01-02'], /needs two whole days/],
    [['2026-03-02', '2026-03-01'], /"2026-03-01" is before "2026-03-02"/],
    [['2026-01-01', '2026-04-30'], /spans 120 days/],
    [["2026-02-30", "2026-03-01"], /needs two real days/],
  ])('refuses a date range live cannot be sent, saying what it takes: %j', async (value, reason) => {
    const { ctx, calls } = fakeContext();
    const failure = invoke(tool('roserocket_objects_search'), { object_key: 'order', filters: [{ path: 'pickupDate', operator: 'between', value }] }, ctx);
    await expect(failure).rejects.toMatchObject({ field: 'filters[0].value', reason: expect.stringMatching(reason) });
    await expect(failure).rejects.toMatchObject({ reason: expect.stringContaining('give [from, to] as "YYYY-MM-DD", both given, at most 92 days apart') });
    expect(calls).toEqual([]);
  });

  it('names board_id when the kind of record has no board to default to', async () => {
    const { ctx } = fakeContext();
    await expect(invoke(tool('roserocket_objects_search'), { object_key: 'load__c' }, ctx)).rejects.toMatchObject({ field: 'board_id' });
  });
});

describe('single records', () => {
  it('get sends paths comma-ready and projects the answer', async () => {
    const { ctx, calls } = fakeContext(() => ({ id: IDS.order, objectKey: 'order', fullId: 'O-19', status: 'new', customer: { id: IDS.customer } }));
    const result = await invoke(tool('get_single_roserocket_object_by_id'), { record_id: IDS.order, paths: ['customer', 'stops.address'], fields: ['customer'] }, ctx);
    expect(calls).toEqual([{ method: 'GET', path: ['objects', IDS.order], query: { paths: ['customer', 'stops.address'] } }]);
    expect(result).toEqual({ id: IDS.order, objectKey: 'order', fullId: 'O-19', customer: { id: IDS.customer } });
  });

  it('get takes a fullId: one autocomplete among the kind its prefix names, then the read by uuid', async () => {
    const { ctx, calls } = fakeContext((request) =>
      request.path[1] === 'autocomplete' ? [{ id: 'x', objectKey: 'order', fullId: 'O-190' }, { id: IDS.order, objectKey: 'order', fullId: 'O-19' }] : { id: IDS.order },
    );
    await invoke(tool('get_single_roserocket_object_by_id'), { record_id: 'o-19' }, ctx);
    expect(calls).toEqual([
      { method: 'GET', path: ['objects', 'autocomplete'], query: { objectKey: 'order', searchTerm: 'o-19' } },
      { method: 'GET', path: ['objects', IDS.order], query: { paths: undefined } },
    ]);
  });

  it('get tries a bare number as a fullId of the kind given, then as an external id, and says what it tried', async () => {
    const { ctx } = fakeContext((request) => {
      if (request.path[1] === 'autocomplete') return [{ id: 'x', objectKey: 'order', fullId: 'O-992810' }];
      throw new FakeUpstreamError(404);
    });
    await expect(invoke(tool('get_single_roserocket_object_by_id'), { record_id: '99281', object_key: 'order' }, ctx)).rejects.toMatchObject({
      field: 'record_id',
      reason: expect.stringMatching(/^no order has number 99281 \(a fullId ending in -99281\), nor external id "99281"/),
    });
    await expect(invoke(tool('get_single_roserocket_object_by_id'), { record_id: 'not an id' }, ctx)).rejects.toMatchObject({ field: 'record_id' });
  });

  it('get takes any other text of a known kind as an external id (PO/2026/17): one lookup at it, then the read by uuid; without a kind it is no id', async () => {
    const { ctx, calls } = fakeContext((request) => (request.path.at(-1) === 'external' ? { id: IDS.order, objectKey: 'order' } : { id: IDS.order }));
    await invoke(tool('get_single_roserocket_object_by_id'), { record_id: 'PO/2026/17', object_key: 'order', paths: ['customer'] }, ctx);
    expect(calls).toEqual([
      { method: 'GET', path: ['objects', 'order', 'PO/2026/17', 'external'] },
      { method: 'GET', path: ['objects', IDS.order], query: { paths: ['customer'] } },
    ]);
    const { ctx: none, calls: sent } = fakeContext();
    await expect(invoke(tool('get_single_roserocket_object_by_id'), { record_id: 'PO/2026/17' }, none)).rejects.toMatchObject({ field: 'record_id', reason: expect.stringContaining('is not a record id') });
    expect(sent).toEqual([]);
  });

  it('create checks required fields before anything is sent, naming the first and the others', async () => {
    const { ctx, calls } = fakeContext();
    const failure = invoke(tool('create_a_roserocket_object'), { object_key: 'Order', fields: { status: 'new' } }, ctx);
    await expect(failure).rejects.toBeInstanceOf(ToolInputError);
    await expect(failure).rejects.toMatchObject({ field: 'fields.customer', reason: expect.stringMatching(/required for a new Order.*fields\.reference/) });
    expect(calls).toEqual([]);
  });

  it('create sends the envelope, with links given as ids sent as {id} and derived fields not required', async () => {
    const { ctx, calls } = fakeContext((request) => ({ id: IDS.order, ...(request.body as object) }));
    await invoke(
      tool('create_a_roserocket_object'),
      { object_key: 'order', fields: { customer: IDS.customer, reference: 'PO-7', stops: [IDS.stop1, { id: IDS.stop2 }, { sequence: 3 }], status: 'new' }, paths: ['customer'] },
      ctx,
    );
    expect(calls).toEqual([
      {
        method: 'POST',
        path: ['objects'],
        body: {
          objectKey: 'order',
          json: { customer: { id: IDS.customer }, reference: 'PO-7', stops: [{ id: IDS.stop1 }, { id: IDS.stop2 }, { sequence: 3 }], status: 'new' },
          paths: ['customer'],
        },
      },
    ]);
  });

  it('update is partial, but a required field cannot be emptied', async () => {
    const { ctx, calls } = fakeContext(() => ({}));
    await invoke(tool('update_a_roserocket_object_by_id'), { object_key: 'order', record_id: IDS.order, fields: { status: 'dispatched' } }, ctx);
    expect(calls).toEqual([{ method: 'PUT', path: ['objects', IDS.order], body: { objectKey: 'order', json: { status: 'dispatched' }, paths: undefined } }]);
    await expect(invoke(tool('update_a_roserocket_object_by_id'), { object_key: 'order', record_id: IDS.order, fields: { customer: null } }, ctx)).rejects.toMatchObject({
      field: 'fields.customer',
    });
    expect(calls).toHaveLength(1);
  });

  it('delete and bulk delete address the records, bulk delete on the default board and answering with the ids', async () => {
    const { ctx, calls } = fakeContext(() => null);
    await invoke(tool('delete_a_roserocket_object_by_id'), { record_id: IDS.order }, ctx);
    const result = await invoke(tool('roserocket_objects_bulk_delete'), { object_key: 'Customer', record_ids: [IDS.customer] }, ctx);
    expect(calls).toEqual([
      { method: 'DELETE', path: ['objects', IDS.order] },
      { method: 'POST', path: ['objects', 'bulk_delete'], body: { boardId: BOARDS.customer, objectKey: 'customer', ids: [IDS.customer] } },
    ]);
    expect(result).toEqual({ objectKey: 'customer', boardId: BOARDS.customer, deleted: [IDS.customer] });
  });
});

describe('roserocket_objects_upsert', () => {
  it('sends the external id inside json, without asking first when every required field is given', async () => {
    const { ctx, calls } = fakeContext(() => ({}));
    await invoke(tool('roserocket_objects_upsert'), { object_key: 'customer', external_id: 'ERP-C-1', fields: { name: 'Acme Corp' } }, ctx);
    expect(calls).toEqual([{ method: 'PATCH', path: ['objects'], body: { objectKey: 'customer', json: { name: 'Acme Corp', externalId: 'ERP-C-1' }, paths: undefined } }]);
  });

  it('lets a partial upsert through when the record exists', async () => {
    const { ctx, calls } = fakeContext(() => ({ id: IDS.order }));
    await invoke(tool('roserocket_objects_upsert'), { object_key: 'order', external_id: 'ERP-992', fields: { status: 'delivered' } }, ctx);
    expect(calls.map((call) => call.method)).toEqual(['GET', 'PATCH']);
    expect(calls[0]).toEqual({ method: 'GET', path: ['objects', 'order', 'ERP-992', 'external'] });
  });

  it('refuses a partial upsert that would create, naming the missing field', async () => {
    const { ctx, calls } = fakeContext(() => {
      throw new FakeUpstreamError(404);
    });
    await expect(invoke(tool('roserocket_objects_upsert'), { object_key: 'order', external_id: 'ERP-1000', fields: { status: 'new' } }, ctx)).rejects.toMatchObject({
      field: 'fields.customer',
      reason: expect.stringContaining('ERP-1000'),
    });
    expect(calls.map((call) => call.method)).toEqual(['GET']);
  });

  it('passes any other upstream failure of the existence check through unchanged', async () => {
    const { ctx } = fakeContext(() => {
      throw new FakeUpstreamError(503);
    });
    await expect(invoke(tool('roserocket_objects_upsert'), { object_key: 'order', external_id: 'ERP-1', fields: {} }, ctx)).rejects.toMatchObject({ status: 503 });
  });

  it('refuses an externalId in fields that contradicts external_id', async () => {
    const { ctx } = fakeContext();
    await expect(invoke(tool('roserocket_objects_upsert'), { object_key: 'customer', external_id: 'A', fields: { name: 'x', externalId: 'B' } }, ctx)).rejects.toMatchObject({
      field: 'fields.externalId',
    });
  });
});

describe('list_all_roserocket_objects_autocomplete', () => {
  it('asks by object key and term, and pages the bare list it gets back', async () => {
    const matches = Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, objectKey: 'customer', fullId: `CUST-${i}`, name: `Acme ${i}`, label: `Acme ${i}` }));
    const { ctx, calls } = fakeContext(() => matches);
    const result = (await invoke(tool('list_all_roserocket_objects_autocomplete'), { object_key: 'Customer', search_term: 'Acme Corp', limit: 2 }, ctx)) as ListResult;
    expect(calls).toEqual([
      { method: 'GET', path: ['objects', 'autocomplete'], query: { objectKey: 'customer', searchTerm: 'Acme Corp', ids: undefined, labelPath: undefined } },
    ]);
    expect(result).toMatchObject({ has_more: true, results: matches.slice(0, 2) });
    // Rose Rocket answers with its best matches, not every record: no total is claimed.
    expect(result.total).toBeUndefined();
  });
});
