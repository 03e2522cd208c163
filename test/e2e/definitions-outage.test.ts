import { afterEach, describe, expect, it } from 'vitest';
import { apiHits, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { errorPayload, okPayload, type ListPage } from '../support/tool-results.ts';

/**
 * The account's object definitions are loaded on first use, and the built-in
 * catalogue stands in while they can't be. When that load fails for a passing
 * reason, a key only the account has (the custom `load__c`) must not be called
 * unknown: the model gets upstream's failure as it is, and the key works as
 * soon as upstream does. Each case starts a gateway whose directory is cold.
 */

const DEFINITIONS_PATH = '/api/v2/platformModel/recipes/current/objects';
/** Short, as the gateway holds the account until upstream's reset: long enough for two calls under load. */
const WINDOW_SECONDS = 3;

let env: E2eEnvironment | undefined;
let client: McpTestClient | undefined;
afterEach(async () => {
  await client?.close();
  await env?.close();
  client = env = undefined;
});

async function coldGateway(era: (typeof ERAS)[number]): Promise<{ env: E2eEnvironment; client: McpTestClient }> {
  env = await startE2eEnvironment();
  client = await connect(era, (await env.createMcpServer('cold')).url);
  return { env, client };
}

const listLoads = (c: McpTestClient) => c.callTool('list_all_roserocket_objects', { object_key: 'load__c', limit: 1 });

describe.each(ERAS)('an outage of the object definitions, with a %s client', (era) => {
  it('hands the model a 429 on the definitions as the 429, asking upstream once, then serves the custom key', async () => {
    const { env, client } = await coldGateway(era);
    // Another caller of the same org has used up the window before this gateway ever loaded the definitions.
    env.mock.control.configure({ rateLimit: { limit: 1, windowSeconds: WINDOW_SECONDS, dialect: 'ietf-draft-06' } });
    okPayload(await client.callTool('list_all_roserocket_user_groups', {}));

    const { value, hits } = await env.hitsDuring(() => listLoads(client));
    const spent = errorPayload<{ ratelimit: { reset: number } }>(value);
    expect(spent).toMatchObject({ status: 429, error: 'rate_limited', ratelimit: { limit: 1, remaining: 0 } });
    expect(apiHits(hits)).toEqual([{ method: 'GET', path: DEFINITIONS_PATH, status: 429 }]);
    expect(client.responses.at(-1)!.headers.get('ratelimit-remaining')).toBe('0');

    // Until the reset upstream gave, the gateway answers the account's calls itself; then the key is served.
    const held = await env.hitsDuring(() => listLoads(client));
    expect(errorPayload(held.value)).toMatchObject({ status: 429, source: 'gateway', scope: 'account' });
    expect(apiHits(held.hits)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, spent.ratelimit.reset * 1000 + 100));
    env.mock.control.configure({ rateLimit: null });
    const page = okPayload<ListPage>(await listLoads(client));
    expect(page.results[0]).toMatchObject({ objectKey: 'load__c' });
  });

  it('hands the model a 5xx on the definitions as the 5xx, then serves the custom key once upstream recovers', async () => {
    const { env, client } = await coldGateway(era);
    env.mock.control.configure({ faults: [{ path: '/recipes/*', status: 503, times: 1 }] });
    // A standard key still works on the built-in catalogue while the definitions are out.
    okPayload(await client.callTool('list_all_roserocket_objects', { object_key: 'order', limit: 1 }));

    // The 503 above is behind us; the key the fallback lacks sends the gateway back to look.
    const { value, hits } = await env.hitsDuring(() => listLoads(client));
    const page = okPayload<ListPage>(value);
    expect(page.results[0]).toMatchObject({ objectKey: 'load__c' });
    expect(apiHits(hits)[0]).toMatchObject({ path: DEFINITIONS_PATH, status: 200 });
  });

  it('reports a 5xx that is still going on as the 5xx, not as an unknown key', async () => {
    const { env, client } = await coldGateway(era);
    env.mock.control.configure({ faults: [{ path: '/recipes/*', status: 503 }] });
    expect(errorPayload(await listLoads(client))).toMatchObject({ status: 503, error: 'upstream_error' });
    // A key that exists nowhere is still refused as such once definitions are back.
    env.mock.control.configure({ faults: [] });
    expect(errorPayload(await client.callTool('list_all_roserocket_objects', { object_key: 'shipment' }))).toMatchObject({ error: 'invalid_arguments' });
  });
});
