import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiHits, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { errorPayload, okPayload, type ListPage } from '../support/tool-results.ts';

/**
 * Rose Rocket misbehaving under the gateway: an access token that dies
 * between two calls is renewed without the model noticing; a 5xx and a call
 * that outlives `UPSTREAM_TIMEOUT_MS` become clear tool errors, and the next
 * call works again; a filter the live search answers 500 to is sent in the
 * form it accepts.
 */

const UPSTREAM_TIMEOUT_MS = 1_000;
const USER_GROUPS = '/api/v2/platformModel/userGroups';

let env: E2eEnvironment;
let url: string;
beforeAll(async () => {
  env = await startE2eEnvironment({ upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS });
  url = (await env.createMcpServer('failures')).url;
});
afterAll(() => env?.close());
afterEach(() => {
  env.mock.control.configure({ faults: [], quirks: false });
});

describe.each(ERAS)('upstream failures, with a %s client', (era) => {
  let client: McpTestClient;
  const listGroups = () => client.callTool('list_all_roserocket_user_groups', {});
  beforeAll(async () => {
    client = await connect(era, url);
  });
  afterAll(() => client?.close());

  it('renews an access token that expired between two calls, transparently', async () => {
    const before = okPayload<ListPage>(await listGroups());
    env.mock.control.expireTokens();

    const { value, hits } = await env.hitsDuring(listGroups);
    expect(okPayload<ListPage>(value)).toEqual(before);
    // Refused once, one new token, one retry: nothing more.
    expect(hits.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      `GET ${USER_GROUPS} 401`,
      'POST /oauth/token 200',
      `GET ${USER_GROUPS} 200`,
    ]);

    // The renewed token is kept: the next call needs no new one.
    const { hits: next } = await env.hitsDuring(listGroups);
    expect(next.map((hit) => hit.path)).toEqual([USER_GROUPS]);
  });

  it('renews an expired token once for calls that fail on it together', async () => {
    okPayload(await listGroups());
    env.mock.control.expireTokens();
    const { value: results, hits } = await env.hitsDuring(() => Promise.all(Array.from({ length: 5 }, listGroups)));
    for (const result of results) okPayload(result);
    expect(hits.filter((hit) => hit.path === '/oauth/token')).toHaveLength(1);
  });

  it('keeps working when tokens expire in the middle of a multi-step lookup', async () => {
    const order = okPayload(await client.callTool('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' }));
    env.mock.control.expireTokens();
    const events = okPayload<ListPage>(await client.callTool('list_all_roserocket_events', { object_key: 'order', record_id: order.id }));
    expect(events.results.length).toBeGreaterThan(0);
  });

  it('turns an upstream 503 into an isError result with the status, without retrying', async () => {
    env.mock.control.configure({ faults: [{ method: 'GET', path: '/userGroups', status: 503, times: 1 }] });
    const { value, hits } = await env.hitsDuring(listGroups);
    const error = errorPayload(value);
    expect(error).toMatchObject({ status: 503, error: 'upstream_error', message: expect.stringContaining('503') });
    expect(apiHits(hits)).toHaveLength(1);
    okPayload(await listGroups());
  });

  it("turns a proxy's HTML 502 page into an isError result with the status and a short excerpt", async () => {
    env.mock.control.configure({ faults: [{ path: '/userGroups', status: 502, body: 'html', times: 1 }] });
    const error = errorPayload<{ status: number; excerpt: string }>(await listGroups());
    expect(error).toMatchObject({ status: 502, error: 'upstream_error' });
    expect(error.excerpt).toContain('502 Bad Gateway');
    expect(error.excerpt.length).toBeLessThan(1_000);
  });

  it('gives up on a call that outlives the upstream timeout, with an isError result saying so', async () => {
    env.mock.control.configure({ faults: [{ path: '/userGroups', latencyMs: 20_000, times: 1 }] });
    const started = performance.now();
    const error = errorPayload(await listGroups());
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ status: null, error: 'timeout', message: expect.stringContaining(`within ${UPSTREAM_TIMEOUT_MS} ms`) });
    expect(elapsed).toBeGreaterThanOrEqual(UPSTREAM_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(UPSTREAM_TIMEOUT_MS + 4_000);
    okPayload(await listGroups());
  });

  it('filters a select field with equals, and a derived field with a one-value in, where live search answers 500 to both', async () => {
    env.mock.control.configure({ quirks: true });
    const page = okPayload<ListPage>(
      await client.callTool('list_all_roserocket_objects', { object_key: 'order', filters: [{ path: 'status', operator: 'equals', value: 'dispatched' }], limit: 100 }),
    );
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.results.every((order) => order.status === 'dispatched')).toBe(true);
    // DerivedField + in answers 500 live too; with one value the gateway sends equals, which works.
    const acme = okPayload<ListPage>(
      await client.callTool('list_all_roserocket_objects', { object_key: 'order', filters: [{ path: 'customerName', operator: 'in', value: ['Acme Corp'] }], limit: 100 }),
    );
    expect(acme.results.length).toBeGreaterThan(0);
    expect(acme.results.every((order) => order.customerName === 'Acme Corp')).toBe(true);
    // The quirks are on: a combination the gateway passes through as given gets the live 500.
    const quirk = { path: 'customerName', operator: 'in', value: ['Acme Corp', 'Acme Logistics'], field_type: 'DerivedField' };
    expect(errorPayload(await client.callTool('roserocket_objects_search', { object_key: 'order', filters: [quirk] }))).toMatchObject({ status: 500, error: 'upstream_error' });
  });
});
