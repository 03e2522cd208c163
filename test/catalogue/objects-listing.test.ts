import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type ListResult } from '../../tools/paging.ts';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { BOARDS, fakeContext, FakeUpstreamError, IDS, invoke } from './fake-context.ts';

// Listing and searching records of one kind: default boards, filters, paging. Reads and
// writes of single records are in objects-records.test.ts.

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

