import { beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { OTHER_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput, callTool, createServer, testGateway, type TestGateway } from './harness.ts';

/** A URL of account A can never read or write account B's data: two mock orgs, separate data. */
describe('account isolation', () => {
  let gw: TestGateway;
  let tokenA: string;
  let tokenB: string;
  let accountB: string;

  beforeAll(async () => {
    gw = await testGateway();
    const created = await gw.admin('POST', '/integrated-account', accountInput(OTHER_ORG));
    expect(created.status).toBe(201);
    accountB = ((await created.json()) as { id: string }).id;
    tokenA = (await createServer(gw, 'default', {})).token;
    tokenB = (await createServer(gw, accountB, {})).token;
  });

  it("each URL reads its own account's records", async () => {
    const a = await callTool(gw, tokenA, 'list_all_roserocket_objects', { object_key: 'customer', limit: 100, fields: ['name'] });
    const b = await callTool(gw, tokenB, 'list_all_roserocket_objects', { object_key: 'customer', limit: 100, fields: ['name'] });
    const names = (r: typeof a) => (r.result!.structuredContent.results as { name: string }[]).map((c) => c.name);
    expect(names(a)).toContain('Acme Corp');
    expect(names(a)).not.toContain('Northwind Retail');
    expect(names(b)).toContain('Northwind Retail');
    expect(names(b)).not.toContain('Acme Corp');
  });

  it("B's URL cannot read A's order, by external id or by id", async () => {
    const byExternal = await callTool(gw, tokenB, 'get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' });
    expect(byExternal.result!.isError).toBe(true);
    expect(byExternal.result!.structuredContent.status).toBe(404);
    const byId = await callTool(gw, tokenB, 'get_single_roserocket_object_by_id', { record_id: SEED.demo.orders.erp992.id });
    expect(byId.result!.isError).toBe(true);
    expect(byId.result!.structuredContent.status).toBe(404);
  });

  it("B's URL cannot change or delete A's records, and A's data stays as it was", async () => {
    const before = await callTool(gw, tokenA, 'get_single_roserocket_object_by_id', { record_id: SEED.demo.customers.acmeCorp.id });
    const update = await callTool(gw, tokenB, 'update_a_roserocket_object_by_id', {
      record_id: SEED.demo.customers.acmeCorp.id,
      object_key: 'customer',
      fields: { name: 'Hijacked' },
    });
    // 404 from B's own org: the call went upstream with B's credentials and found nothing (not a bad-argument error).
    expect(update.result).toMatchObject({ isError: true, structuredContent: { status: 404 } });
    const remove = await callTool(gw, tokenB, 'delete_a_roserocket_object_by_id', { record_id: SEED.demo.customers.acmeCorp.id });
    expect(remove.result).toMatchObject({ isError: true, structuredContent: { status: 404 } });
    const after = await callTool(gw, tokenA, 'get_single_roserocket_object_by_id', { record_id: SEED.demo.customers.acmeCorp.id });
    expect(after.result!.isError).toBeFalsy();
    expect(after.result!.structuredContent).toEqual(before.result!.structuredContent);
    expect(after.result!.structuredContent.name).toBe('Acme Corp');
  });

  it("an account's admin routes do not show another account's servers", async () => {
    const list = await gw.admin('GET', `/integrated-account/${accountB}/mcp`);
    const servers = ((await list.json()) as { result: { integrated_account_id: string }[] }).result;
    expect(servers.length).toBeGreaterThan(0);
    expect(servers.every((s) => s.integrated_account_id === accountB)).toBe(true);
  });
});
