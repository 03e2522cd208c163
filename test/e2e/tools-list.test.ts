import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../mock-roserocket/data/definitions.ts';
import { TOOLS_LIST_SNAPSHOT } from '../../scripts/derived-files.ts';
import { TOOLS } from '../../tools/index.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, MODERN_PROTOCOL_VERSION, type ListedTool } from '../support/mcp-clients.ts';

/**
 * `tools/list` as each era's client sees it: the whole catalogue, in the
 * catalogue's order every time, with `object_key` naming the kinds the
 * account's object definitions really have, in words (kinds.ts says why not an enum). The listing is committed as the
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

  it("states on object_key the account's kinds each tool takes, with no enum a strict client would hold a label against", async () => {
    const tools = await listOnce(era);
    const takers = tools.filter((tool) => tool.inputSchema.properties?.object_key !== undefined);
    expect(takers.map((tool) => tool.name)).toContain('list_all_roserocket_objects');
    for (const tool of takers) {
      const property = tool.inputSchema.properties!.object_key as { type: string; enum?: unknown; description: string };
      expect(property.type, tool.name).toBe('string');
      expect(property.enum, tool.name).toBeUndefined();
    }
    // The vocabulary comes from the account, custom kinds and their labels included, and is said once.
    const full = (takers[0]!.inputSchema.properties!.object_key as { description: string }).description;
    for (const key of accountKeys.filter((key) => key !== 'event')) expect(full).toContain(key);
    expect(full).toContain('load__c ("Truck Load")');
    for (const tool of takers.slice(1)) expect((tool.inputSchema.properties!.object_key as { description: string }).description).toContain(`Kinds as in ${takers[0]!.name}`);
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
