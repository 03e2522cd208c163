import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mock-roserocket/data/seed/ids.ts';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { TOOLS } from '../../tools/index.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { errorPayload, okPayload, type ListPage } from '../support/tool-results.ts';
import { toolNames } from '../support/tool-names.ts';

/**
 * What an MCP server's filters promise: a `read` server neither lists nor
 * runs anything that changes Rose Rocket, and a `tags:["events"]` server sees
 * the event tools only. A catalogue tool the filters leave out is never
 * run and never reaches upstream; the model is told this URL does not allow
 * it and why, so it can tell the user. A name outside the catalogue is an
 * unknown tool (JSON-RPC -32602).
 */

const demo = SEED.demo;
const INVALID_PARAMS = -32602;
/** Every write tool, with its example call: arguments it accepts, so a refusal can only come from the filter. */
const WRITE_TOOLS = TOOLS.filter((tool) => !tool.annotations.readOnlyHint).map((tool) => [tool.name, tool.example as Record<string, unknown>] as const);
const EVENT_TOOLS = toolNames({ tag: 'events' });

let env: E2eEnvironment;
let readUrl: string;
let eventsUrl: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  readUrl = (await env.createMcpServer('read only', { methods: ['read'] })).url;
  eventsUrl = (await env.createMcpServer('events only', { tags: ['events'] })).url;
});
afterAll(() => env?.close());

/** Everything the demo org holds, as one string: equal before and after means nothing was written. */
function demoOrgState(): string {
  const org = env.mock.data.org(DEMO_ORG.orgId);
  const plain = (_key: string, value: unknown) => (value instanceof Map ? [...value.entries()] : value);
  return JSON.stringify({ records: org.records, events: org.events, boards: org.boards, views: org.views, groups: org.userGroups }, plain);
}

/** The message of the `not_allowed` result the gateway refused a call with. */
async function refusal(client: McpTestClient, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const answer = errorPayload<{ error: string; message: string }>(await client.callTool(name, args));
  expect(answer.error).toBe('not_allowed');
  return answer.message;
}

/**
 * The JSON-RPC error code the gateway refused a call with (both SDKs throw an
 * error carrying it), having checked the refusal came over HTTP and not from
 * the client itself.
 */
async function refusalCode(client: McpTestClient, name: string, args: Record<string, unknown> = {}): Promise<number | undefined> {
  const sent = client.responses.length;
  try {
    await client.callTool(name, args);
  } catch (error) {
    expect(client.responses.length, 'the gateway answered').toBe(sent + 1);
    return (error as { code?: number }).code;
  }
  throw new Error(`${name} was not refused`);
}

describe.each(ERAS)('filtered MCP servers, with a %s client', (era) => {
  describe('a read server', () => {
    let client: McpTestClient;
    beforeAll(async () => {
      client = await connect(era, readUrl);
    });
    afterAll(() => client?.close());

    it('lists every read-only tool and no other', async () => {
      const tools = await client.listTools();
      expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
      expect(tools.map((tool) => tool.name)).toEqual(toolNames({ readOnly: true }));
    });

    it.each(WRITE_TOOLS)('refuses %s saying this URL allows only reads, and nothing is written', async (name, example) => {
      const before = demoOrgState();
      const { value: message, hits } = await env.hitsDuring(() => refusal(client, name, example));
      expect(message).toMatch(new RegExp(`^This MCP server URL does not allow ${name}: its method \\w+ \\(it changes data\\) is not among the methods allowed \\(read\\)\\. It allows only tools that change nothing \\(read\\)\\. The tool was not run`));
      expect(hits).toEqual([]);
      expect(demoOrgState()).toBe(before);
      expect(before).toContain('Night Dispatch');
    });

    it('still runs its read tools', async () => {
      const order = okPayload(await client.callTool('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' }));
      expect(order.id).toBe(demo.orders.erp992.id);
    });
  });

  describe('a tags:["events"] server', () => {
    let client: McpTestClient;
    beforeAll(async () => {
      client = await connect(era, eventsUrl);
    });
    afterAll(() => client?.close());

    it('lists the event tools only', async () => {
      expect((await client.listTools()).map((tool) => tool.name)).toEqual(EVENT_TOOLS);
    });

    it('runs them', async () => {
      const page = okPayload<ListPage>(await client.callTool('list_all_roserocket_events', { object_key: 'order', record_id: demo.orders.erp992.id }));
      expect(page.results.length).toBeGreaterThan(0);
    });

    it('refuses any other catalogue tool naming the tags, without calling upstream', async () => {
      const { value: message, hits } = await env.hitsDuring(() => refusal(client, 'list_all_roserocket_user_groups'));
      expect(message).toContain('its tags (user_groups, admin) are not among the tags allowed (events). It allows every tool, among the tools tagged events.');
      expect(hits).toEqual([]);
    });

    it('answers a name outside the catalogue as an unknown tool', async () => {
      const { value: code, hits } = await env.hitsDuring(() => refusalCode(client, 'list_all_roserocket_shipments'));
      expect(code).toBe(INVALID_PARAMS);
      expect(hits).toEqual([]);
    });
  });
});
