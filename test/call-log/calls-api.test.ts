import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { ADMIN_TOKEN, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, type McpTestClient } from '../support/mcp-clients.ts';

/**
 * The call log through the admin API: each tool call made through a real MCP
 * client is one entry, with its outcome, timing and upstream figures, and
 * none of the values it was called with.
 */

let env: E2eEnvironment;
let serverId: string;
let otherId: string;
let client: McpTestClient;
let other: McpTestClient;
const SECRET_ARGUMENT = 'ERP-992';

beforeAll(async () => {
  env = await startE2eEnvironment();
  const read = await env.createMcpServer('read only', { methods: ['read'] });
  const events = await env.createMcpServer('events', { tags: ['events'] });
  serverId = read.id;
  otherId = events.id;
  client = await connect('2026-07-28', read.url);
  other = await connect('2025', events.url);
  env.mock.control.configure({ rateLimit: { limit: 100, windowSeconds: 60, dialect: 'ietf-draft-06' } });
  await client.callTool('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: SECRET_ARGUMENT });
  await client.callTool('list_all_roserocket_objects', { object_key: 'no_such_key_here' });
  // A write tool on a read-only URL: refused, with a result that says why.
  expect((await client.callTool('create_a_roserocket_event', { record_id: SEED.demo.orders.erp992.id, object_key: 'order', data: {} })).isError).toBe(true);
  await other.callTool('list_all_roserocket_events', {});
});
afterAll(async () => {
  await client?.close();
  await other?.close();
  await env?.close();
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${env.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: response.status, body: await response.json() };
}

describe('GET /integrated-account/:id/mcp/:mcpId/calls', () => {
  it('lists one entry per tool call, newest first, with outcome, timing and upstream figures', async () => {
    const { status, body } = await get(`/integrated-account/default/mcp/${serverId}/calls`);
    expect(status).toBe(200);
    expect(body.next_cursor).toBeNull();
    expect(body.result.map((e: { tool: string; outcome: string }) => [e.tool, e.outcome])).toEqual([
      ['create_a_roserocket_event', 'refused'],
      ['list_all_roserocket_objects', 'tool_error'],
      ['get_single_roserocket_objects_external_by_id', 'ok'],
    ]);
    const [refused, toolError, ok] = body.result;
    expect(ok).toMatchObject({ server_id: serverId, account_id: 'default', upstream_status: 200, error: null, ratelimit: { limit: 100 } });
    expect(ok.latency_ms).toBeGreaterThan(0);
    expect(Date.parse(ok.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(toolError.error).toMatch(/object_key/);
    expect(refused.error).toMatch(/not available on this MCP server/);
  });

  it('keeps no argument values by default', async () => {
    const { body } = await get(`/integrated-account/default/mcp/${serverId}/calls`);
    expect(JSON.stringify(body)).not.toContain(SECRET_ARGUMENT);
    expect(body.result[0]).not.toHaveProperty('arguments');
  });

  it('filters by tool and outcome, and pages with next_cursor', async () => {
    const ok = await get(`/integrated-account/default/mcp/${serverId}/calls?outcome=ok`);
    expect(ok.body.result).toHaveLength(1);
    const first = await get(`/integrated-account/default/mcp/${serverId}/calls?limit=2`);
    expect(first.body.result).toHaveLength(2);
    const second = await get(`/integrated-account/default/mcp/${serverId}/calls?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.result.map((e: { tool: string }) => e.tool)).toEqual(['get_single_roserocket_objects_external_by_id']);
    expect(second.body.next_cursor).toBeNull();
  });

  it('answers a bad query with a 400 naming the parameter', async () => {
    const bad = await get(`/integrated-account/default/mcp/${serverId}/calls?outcome=fine&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/query\.limit: .*query\.outcome: must be one of ok, tool_error/);
    expect((await get(`/integrated-account/default/mcp/${serverId}/calls?cursor=@@`)).status).toBe(400);
    // A limit that is no number is said so, not "must be a number, got a number".
    expect((await get(`/integrated-account/default/mcp/${serverId}/calls?limit=abc`)).body.message).toBe('query.limit: must be a number');
    expect((await get(`/integrated-account/default/mcp/${serverId}/calls?limit=0`)).body.message).toBe('query.limit: must be at least 1');
    expect((await get('/integrated-account/nope/mcp/x/calls')).status).toBe(404);
  });
});

describe('GET /integrated-account/:id/calls', () => {
  it('lists every MCP server of the account, or one with mcp_server_id', async () => {
    const all = await get('/integrated-account/default/calls');
    expect(new Set(all.body.result.map((e: { server_id: string }) => e.server_id))).toEqual(new Set([serverId, otherId]));
    const one = await get(`/integrated-account/default/calls?mcp_server_id=${otherId}`);
    expect(one.body.result.map((e: { tool: string }) => e.tool)).toEqual(['list_all_roserocket_events']);
  });

  it('needs an operator token', async () => {
    const response = await fetch(`${env.gatewayUrl}/integrated-account/default/calls`);
    expect(response.status).toBe(401);
  });
});
