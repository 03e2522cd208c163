import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../mock-roserocket/data/definitions.ts';
import { TOOLS } from '../../tools/index.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, MODERN_PROTOCOL_VERSION, type ListedTool } from '../support/mcp-clients.ts';

/**
 * `tools/list` as each era's client sees it: the whole catalogue, in the
 * catalogue's order every time, with `object_key` offering the keys the
 * account's object definitions really have. The listing is committed as a
 * snapshot: a change to it is a change to what every model is shown.
 */

let env: E2eEnvironment;
let url: string;
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

  it("offers the account's object keys as the object_key enum, and keeps the rest of the schema", async () => {
    const tools = await listOnce(era);
    const withKey = tools.filter((tool) => tool.inputSchema.properties?.object_key !== undefined);
    expect(withKey.map((tool) => tool.name)).toContain('list_all_roserocket_objects');
    for (const tool of withKey) {
      const property = tool.inputSchema.properties!.object_key as { type: string; enum: string[] };
      expect(property.enum, tool.name).toEqual(accountKeys);
      expect(property.type).toBe('string');
    }
    // The custom object the mock defines is offered: the enum comes from the account, not a fixed list.
    expect(accountKeys).toContain('load__c');
  });

  it('matches the committed listing', async () => {
    const tools = await listOnce(era);
    // Both eras must show a model the very same tools; one snapshot holds them.
    await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot('__snapshots__/tools-list.json');
  });
});
