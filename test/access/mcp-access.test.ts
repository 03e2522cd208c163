import { beforeAll, describe, expect, it } from 'vitest';
import { OTHER_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput, ADMIN_KEY, callTool, createServer, testGateway, type TestGateway } from './harness.ts';

const GET_ERP = ['get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' }] as const;

describe('require_api_token_auth on /mcp/:token', () => {
  let gw: TestGateway;
  let token: string;
  let ownApiToken: string;
  let otherApiToken: string;

  beforeAll(async () => {
    gw = await testGateway();
    token = (await createServer(gw, 'default', { config: { require_api_token_auth: true } })).token;
    const own = await gw.admin('POST', '/api-token', { name: 'dispatch', integrated_account_id: 'default' });
    ownApiToken = ((await own.json()) as { token: string }).token;
    const b = (await (await gw.admin('POST', '/integrated-account', accountInput(OTHER_ORG))).json()) as { id: string };
    const other = await gw.admin('POST', '/api-token', { name: 'other', integrated_account_id: b.id });
    otherApiToken = ((await other.json()) as { token: string }).token;
  });

  it('refuses the URL alone with a 401 that says how to authenticate', async () => {
    const { response, body } = await callTool(gw, token, ...GET_ERP);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it("serves it with an API token of the server's own account", async () => {
    const { response, result } = await callTool(gw, token, ...GET_ERP, { authorization: `Bearer ${ownApiToken}` });
    expect(response.status).toBe(200);
    expect(result!.structuredContent.externalId).toBe('ERP-992');
  });

  it("refuses another account's API token, the operator token and garbage", async () => {
    for (const bearer of [otherApiToken, ADMIN_KEY, 'rrapi_not-a-token']) {
      const { response } = await callTool(gw, token, ...GET_ERP, { authorization: `Bearer ${bearer}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });
});

describe('MCP server lifetime on /mcp/:token', () => {
  it('answers 401 once expires_at has passed, and purges the record', async () => {
    let now = Date.parse('2026-11-24T12:00:00Z');
    const gw = await testGateway({ now: () => now });
    const server = await createServer(gw, 'default', { expires_at: '2026-11-24T12:05:00Z' });
    expect((await callTool(gw, server.token, ...GET_ERP)).response.status).toBe(200);

    now = Date.parse('2026-11-24T12:05:01Z');
    const { response } = await callTool(gw, server.token, ...GET_ERP);
    expect(response.status).toBe(401);
    expect(await gw.records.store.keys('mcp')).not.toContainEqual(expect.stringContaining(server.id));
    expect((await gw.admin('GET', `/integrated-account/default/mcp/${server.id}`)).status).toBe(404);
  });

  it('a revoked URL answers 401 at once', async () => {
    const gw = await testGateway();
    const server = await createServer(gw, 'default', {});
    expect((await callTool(gw, server.token, ...GET_ERP)).response.status).toBe(200);
    expect((await gw.admin('DELETE', `/integrated-account/default/mcp/${server.id}`)).status).toBe(204);
    expect((await callTool(gw, server.token, ...GET_ERP)).response.status).toBe(401);
  });

  it('a PATCH that narrows the methods takes effect on the next call', async () => {
    const gw = await testGateway();
    const server = await createServer(gw, 'default', {});
    const write = ['create_a_roserocket_event', { record_id: '573acfa2-b038-4ee9-af91-2c3c91bb3ccd', object_key: 'order', data: { note: 'x' } }] as const;
    expect((await callTool(gw, server.token, ...write)).result).toMatchObject({ structuredContent: { recordId: write[1].record_id } });
    expect((await gw.admin('PATCH', `/integrated-account/default/mcp/${server.id}`, { config: { methods: ['read'] } })).status).toBe(200);
    const { result } = await callTool(gw, server.token, ...write);
    expect(result).toMatchObject({ isError: true, structuredContent: { error: 'not_allowed', message: expect.stringContaining('does not allow create_a_roserocket_event') } });
  });
});

describe('the log line of every tool call', () => {
  it('names the server, tool, outcome, latency and upstream status, and never the token', async () => {
    const gw = await testGateway();
    const server = await createServer(gw, 'default', {});
    await callTool(gw, server.token, ...GET_ERP);
    await callTool(gw, server.token, 'get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'NOPE-1' });
    await callTool(gw, server.token, 'get_single_roserocket_objects_external_by_id', { object_key: 42 });

    const calls = gw.logs.filter((l) => l.msg === 'tool_call');
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({ server_id: server.id, tool: GET_ERP[0], outcome: 'ok', upstream_status: 200 });
    expect(typeof calls[0]!.latency_ms).toBe('number');
    expect(calls[1]).toMatchObject({ outcome: 'upstream_error', upstream_status: 404 });
    // Named as the call log names it (GET …/calls?outcome=tool_error finds it), with the seam's finer reason.
    expect(calls[2]).toMatchObject({ outcome: 'tool_error', reason: 'invalid_arguments', upstream_status: null });

    const everything = JSON.stringify(gw.logs);
    expect(everything).not.toContain(server.token);
    expect(everything).toContain('/mcp/<redacted>');
    expect(gw.logs.filter((l) => l.msg === 'http' && l.path === '/mcp/<redacted>')).toHaveLength(3);
  });

  it('at level info, has the tool call lines and none of the per-request http ones', async () => {
    const gw = await testGateway({ logLevel: 'info' });
    const server = await createServer(gw, 'default', {});
    await callTool(gw, server.token, ...GET_ERP);
    expect(gw.logs.map((l) => l.msg)).toEqual(['tool_call']);
  });
});
