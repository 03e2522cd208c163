import { expect } from 'vitest';
import { SEED } from '../../../mock-roserocket/data/seed/ids.ts';
import type { Era, McpTestClient } from '../../support/mcp-clients.ts';
import { errorPayload, okPayload } from '../../support/tool-results.ts';

/** What the cases of tool-effects.test.ts share: the seed they read, and calls that must succeed (or find nothing). */
export const demo = SEED.demo;
export type Row = Record<string, unknown>;
/** One tool's case: what its calls do, read back through the same client. */
export type Case = (client: McpTestClient, era: Era) => Promise<void>;

export const call = async <T = Row>(client: McpTestClient, name: string, args: Row): Promise<T> => okPayload<T>(await client.callTool(name, args));
/** Records a case makes are named after the era, so the two eras never meet. */
export const tag = (era: Era) => (era === '2025' ? 'legacy' : 'modern');

export async function newCustomer(client: McpTestClient, name: string): Promise<Row> {
  return call(client, 'create_a_roserocket_object', { object_key: 'customer', fields: { name, industry: 'retail' } });
}

export async function newView(client: McpTestClient, name: string): Promise<Row> {
  return call(client, 'create_a_roserocket_board_view', { board_id: demo.boards.outboundFreight.id, name });
}

export async function expectGone(client: McpTestClient, name: string, args: Row): Promise<void> {
  expect(errorPayload(await client.callTool(name, args))).toMatchObject({ status: 404, error: 'upstream_error' });
}
