import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { TOOLS_BY_NAME } from '../../tools/index.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { BOARD_EVENT_GROUP_CASES } from './effects/boards-events-groups.ts';
import { OBJECT_CASES } from './effects/objects.ts';

/**
 * What calls do beyond answering, through each era's client, against the
 * mock: reads that find the seed's records, and writes whose effect is then
 * read back. Each case makes the records it changes (named after the era),
 * so the two eras and the cases never depend on one another. Not every tool
 * needs a case here: each one's example is run by tool-normal-paths.test.ts.
 * The cases are in effects/, by resource.
 */
const CASES = { ...OBJECT_CASES, ...BOARD_EVENT_GROUP_CASES };

let env: E2eEnvironment;
let url: string;
let token: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  ({ url, token } = await env.createMcpServer('all tools'));
});
afterAll(() => env?.close());

it('names only tools of the catalogue', () => {
  expect(Object.keys(CASES).filter((name) => !TOOLS_BY_NAME.has(name))).toEqual([]);
});

describe.each(ERAS)('what each call does, with a %s client', (era) => {
  let client: McpTestClient;
  beforeAll(async () => {
    client = await connect(era, url);
  });
  afterAll(() => client?.close());

  it.each(Object.keys(CASES))('%s', async (name) => {
    await CASES[name]!(client, era);
  });

  it('logged every call, no gateway bug, and no credential along the way', () => {
    expect(env.logs.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(env.logs.filter((entry) => entry.msg === 'tool_call').length).toBeGreaterThanOrEqual(Object.keys(CASES).length);
    const logged = JSON.stringify(env.logs);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(DEMO_ORG.clientSecret);
  });
});
