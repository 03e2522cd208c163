import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../mock-roserocket/data/definitions.ts';
import { TOOLS_LIST_SNAPSHOT } from '../../scripts/derived-files.ts';
import { TOOLS } from '../../tools/index.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, MODERN_PROTOCOL_VERSION, type ListedTool } from '../support/mcp-clients.ts';

/**
 * `tools/list` as each era's client sees it: the whole catalogue, in the
 * catalogue's order every time, with `object_key` offering the keys the
 * account's object definitions really have. The listing is committed as the
 * one schema snapshot: a change to it is a change to what every model is shown.
 */

let env: E2eEnvironment;
let url: string;
/** What `tools/list` may cost a model's context for the full catalogue (issue 11). */
const LISTING_BUDGET_BYTES = 24_000;

/** The mock's object keys, as its definitions endpoint lists them. */
const accountKeys = [...DEFINITIONS.keys()].sort();

beforeAll(async () => {
  env = await startE2eEnvironment();
  url = (await env.createMcpServer('everything')).url;
});
afterAll(() => env?.close());

async function listOnce(era: (typeof ERAS)[number]): Promise<ListedTool[]> {
  const client = await connect(era, url);
  try {
    return await client.listTools();
  } finally {
    await client.close();
  }
}

describe.each(ERAS)('tools/list with a %s client', (era) => {
  it('negotiates the era it was built for', async () => {
    const client = await connect(era, url);
    try {
      if (era === '2025') expect(client.protocolVersion).toMatch(/^2025-/);
      else expect(client.protocolVersion).toBe(MODERN_PROTOCOL_VERSION);
    } finally {
      await client.close();
    }
  });

  it('lists every catalogue tool once, in catalogue order, the same on every connection', async () => {
    const first = await listOnce(era);
    const second = await listOnce(era);
    expect(first.map((tool) => tool.name)).toEqual(TOOLS.map((tool) => tool.name));
    expect(second).toEqual(first);
  });

  it("offers as the object_key enum the account's keys that each tool works for, and keeps the rest of the schema", async () => {
    const tools = await listOnce(era);
    const offered = new Map(
      tools.filter((tool) => tool.inputSchema.properties?.object_key !== undefined).map((tool) => [tool.name, (tool.inputSchema.properties!.object_key as { type: string; enum: string[] })]),
    );
    expect([...offered.keys()]).toContain('list_all_roserocket_objects');
    const writesRecords = (name: string) => {
      const tool = TOOLS.find((t) => t.name === name)!;
      return !tool.annotations.readOnlyHint && (tool.tags.includes('objects') || tool.tags.includes('external_ids'));
    };
    for (const [name, property] of offered) {
      expect(property.type).toBe('string');
      // The custom object the mock defines is offered: the enum comes from the account, not a fixed list.
      expect(property.enum, name).toEqual(expect.arrayContaining(['order', 'customer', 'load__c']));
      for (const key of property.enum) expect(accountKeys).toContain(key);
      // An event is not a record: only the definitions tool names it. Groups and boards are records, written elsewhere.
      expect(property.enum.includes('event'), name).toBe(name === 'get_single_roserocket_object_definition_by_id');
      expect(property.enum.includes('userGroup'), name).toBe(!writesRecords(name));
      expect(property.enum.includes('board'), name).toBe(!writesRecords(name));
    }
  });

  it('fits the full catalogue in 24,000 bytes of compact JSON, what a model reads before its first call', async () => {
    const tools = await listOnce(era);
    expect(new TextEncoder().encode(JSON.stringify(tools)).length).toBeLessThanOrEqual(LISTING_BUDGET_BYTES);
  });

  it('is the committed listing, byte for byte', async () => {
    const tools = await listOnce(era);
    // Both eras must show a model the very same tools; the one snapshot (npm run regen writes it) holds them.
    expect(`${JSON.stringify(tools, null, 2)}\n`).toBe(await readFile(new URL(`../../${TOOLS_LIST_SNAPSHOT}`, import.meta.url), 'utf8'));
  });
});
