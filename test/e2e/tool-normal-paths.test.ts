import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { TOOLS } from '../../tools/index.ts';
import { apiHits, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { hasMockRoute } from '../support/mock-routes.ts';
import { okPayload } from '../support/tool-results.ts';

/**
 * Every tool's normal path, generated from the example call on its
 * definition: through each era's client, against the mock, each example on
 * a freshly seeded mock (so a delete's example finds its record in both
 * eras), and every upstream request it makes must have a route in the mock.
 * A new tool is covered by writing its example; what a call does
 * beyond answering is asserted in tool-effects.test.ts.
 */

let env: E2eEnvironment;
let url: string;
let token: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  ({ url, token } = await env.createMcpServer('all tools'));
});
afterAll(() => env?.close());

describe.each(ERAS)('each tool on its example, with a %s client', (era) => {
  let client: McpTestClient;
  beforeAll(async () => {
    client = await connect(era, url);
  });
  afterAll(() => client?.close());

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s', async (_name, tool) => {
    env.mock.data.reset();
    const { value, hits } = await env.hitsDuring(() => client.callTool(tool.name, tool.example as Record<string, unknown>));
    const calls = apiHits(hits);
    // Every upstream path the tool asks for is one the mock serves, or its tests would only ever see the mock's 404.
    for (const hit of calls) expect(hasMockRoute(env.mock, hit.method, hit.path), `the mock has no route for ${hit.method} ${hit.path}`).toBe(true);
    const answer = okPayload(value);
    // An example shows something: a list that comes back empty says nothing about the tool.
    if (Array.isArray(answer.results)) expect(answer.results, 'the example lists nothing').not.toHaveLength(0);
    expect(calls.length, 'the example reached Rose Rocket').toBeGreaterThan(0);
    for (const hit of calls) expect(hit.status, `${hit.method} ${hit.path}`).toBeLessThan(300);
  });

  it('logged every call, no gateway bug, and no credential along the way', () => {
    expect(env.logs.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(env.logs.filter((entry) => entry.msg === 'tool_call').length).toBeGreaterThanOrEqual(TOOLS.length);
    const logged = JSON.stringify(env.logs);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(DEMO_ORG.clientSecret);
  });
});
