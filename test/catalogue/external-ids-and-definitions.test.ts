import { describe, expect, it } from 'vitest';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { BUILT_IN_OBJECT_DEFINITIONS } from '../../tools/object-catalogue.ts';
import type { ListResult } from '../../tools/paging.ts';
import { DEFINITIONS, fakeContext, FakeUpstreamError, invoke } from './fake-context.ts';

const tool = (name: string) => TOOLS_BY_NAME.get(name)!;

describe('external ids', () => {
  it('get addresses the record by normalised kind and external id, as separate path segments', async () => {
    const { ctx, calls } = fakeContext(() => ({ id: 'o1', objectKey: 'order', fullId: 'O-19', externalId: 'ERP/992 x', status: 'new' }));
    const result = await invoke(tool('get_single_roserocket_objects_external_by_id'), { object_key: 'ORDER', external_id: 'ERP/992 x', fields: ['externalId'] }, ctx);
    expect(calls).toEqual([{ method: 'GET', path: ['objects', 'order', 'ERP/992 x', 'external'] }]);
    expect(result).toEqual({ id: 'o1', objectKey: 'order', fullId: 'O-19', externalId: 'ERP/992 x' });
  });

  it('upsert checks required fields only when it would create', async () => {
    const { ctx, calls } = fakeContext((request) => {
      if (request.method === 'GET') throw new FakeUpstreamError(404);
      return {};
    });
    const result = await invoke(tool('roserocket_objects_external_upsert'), { object_key: 'customer', external_id: 'C-1', fields: { name: 'Acme Corp' } }, ctx);
    expect(calls).toEqual([
      { method: 'GET', path: ['objects', 'customer', 'C-1', 'external'] },
      { method: 'PATCH', path: ['objects', 'customer', 'C-1', 'external'], body: { objectKey: 'customer', json: { name: 'Acme Corp' }, paths: undefined } },
    ]);
    expect(result).toMatchObject({ upserted: 'created' });
    await expect(invoke(tool('roserocket_objects_external_upsert'), { object_key: 'customer', external_id: 'C-2', fields: { tier: 'gold' } }, ctx)).rejects.toMatchObject({
      field: 'fields.name',
    });
  });

  it('delete addresses the record the same way', async () => {
    const { ctx, calls } = fakeContext(() => ({}));
    await invoke(tool('delete_a_roserocket_objects_external_by_id'), { object_key: 'order', external_id: 'ERP-992' }, ctx);
    expect(calls).toEqual([{ method: 'DELETE', path: ['objects', 'order', 'ERP-992', 'external'] }]);
  });
});

describe('object definitions', () => {
  it('list summarises each kind with the fields a create must give (not derived ones)', async () => {
    const { ctx, calls } = fakeContext(() => DEFINITIONS);
    const result = (await invoke(tool('list_all_roserocket_object_definitions'), { limit: 2 }, ctx)) as ListResult;
    expect(calls).toEqual([{ method: 'GET', path: ['recipes', 'current', 'objects'] }]);
    expect(result).toMatchObject({ total: DEFINITIONS.length, has_more: true });
    expect(result.results[0]).toEqual({ key: 'order', label: 'Order', fieldCount: 7, requiredFields: ['customer', 'reference'] });
  });

  it('get reads the definition of the normalised key', async () => {
    const { ctx, calls } = fakeContext(() => DEFINITIONS[1]);
    expect(await invoke(tool('get_single_roserocket_object_definition_by_id'), { object_key: 'Customer' }, ctx)).toEqual(DEFINITIONS[1]);
    expect(calls).toEqual([{ method: 'GET', path: ['recipes', 'current', 'objects', 'customer'] }]);
  });

  it('the built-in catalogue has the standard lower-camelCase keys with labels, and no fields to check', () => {
    const keys = BUILT_IN_OBJECT_DEFINITIONS.map((definition) => definition.key);
    expect(keys).toEqual(expect.arrayContaining(['order', 'customer', 'task', 'financialLineItem', 'userGroup', 'webhookSubscription']));
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of BUILT_IN_OBJECT_DEFINITIONS) {
      expect(definition.key).toMatch(/^[a-z][A-Za-z]*$/);
      expect(definition.label).toMatch(/^[A-Z]/);
      expect(definition.fields).toEqual([]);
    }
  });
});
