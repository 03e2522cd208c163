import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../../tools/define.ts';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { type ListResult } from '../../tools/paging.ts';
import { BOARDS, fakeContext, FakeUpstreamError, IDS, invoke } from './fake-context.ts';

// Single records: read by id (uuid, fullId, number, external id), create, update, delete,
// upsert, and autocomplete. Listing and searching are in objects-listing.test.ts.

const tool = (name: string) => TOOLS_BY_NAME.get(name)!;

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
