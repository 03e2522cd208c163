import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { describe, expect, it } from 'vitest';
import { callTool, createServer, testGateway } from './harness.ts';

describe('ops endpoints', () => {
  it('/healthz answers while the process lives', async () => {
    const gw = await testGateway();
    const response = await gw.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the store and the default account upstream', async () => {
    const gw = await testGateway();
    const ready = await gw.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', upstream: 'ok' } });
  });

  it('/readyz asks upstream at most once per interval, and every caller shares that answer', async () => {
    const mock = createMockRoseRocket();
    const asked: string[] = [];
    const gw = await testGateway({
      mock,
      upstreamFetch: async (input, init) => {
        const request = new Request(input, init);
        if (new URL(request.url).pathname.endsWith('/me')) asked.push(request.url);
        return mock.fetch(request);
      },
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => gw.app.request('/readyz')));
    for (let i = 0; i < 20; i++) answers.push(await gw.app.request('/readyz'));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(asked).toHaveLength(1);
  });

  it('/readyz answers 503 naming what is down', async () => {
    const gw = await testGateway({ upstreamFetch: async () => Promise.reject(new TypeError('fetch failed')) });
    const response = await gw.app.request('/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not ready');
    expect(body.checks.store).toBe('ok');
    expect(body.checks.upstream).toBe('unreachable');
    expect(JSON.stringify(body)).not.toContain('fetch failed');
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'readiness', check: 'upstream', error: expect.stringContaining('fetch failed') }));
  });

  it('an unexpected admin failure is a bare 500, reported through the gateway logger', async () => {
    const gw = await testGateway();
    gw.records.accounts.list = async () => Promise.reject(new Error('store exploded'));
    const response = await gw.admin('GET', '/integrated-account');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
    expect(gw.logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'unexpected_error', path: '/integrated-account', error: 'Error: store exploded' }));
  });

  it('/metrics counts tool calls by tool and outcome, and HTTP responses by route, without tokens', async () => {
    const gw = await testGateway();
    const server = await createServer(gw, 'default', {});
    await callTool(gw, server.token, 'get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' });
    await callTool(gw, server.token, 'get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'NOPE' });
    await gw.app.request('/mcp/rrmcp_unknown', { method: 'POST' });

    const response = await gw.admin('GET', '/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('roserocket_mcp_tool_calls_total{tool="get_single_roserocket_objects_external_by_id",outcome="ok"} 1');
    expect(text).toContain('roserocket_mcp_tool_calls_total{tool="get_single_roserocket_objects_external_by_id",outcome="upstream_error"} 1');
    expect(text).toContain('roserocket_mcp_tool_call_duration_seconds_count{tool="get_single_roserocket_objects_external_by_id"} 2');
    // Cumulative buckets: both calls fall under the ten-second bound, and under +Inf.
    expect(text).toContain('roserocket_mcp_tool_call_duration_seconds_bucket{le="10",tool="get_single_roserocket_objects_external_by_id"} 2');
    expect(text).toContain('roserocket_mcp_tool_call_duration_seconds_bucket{le="+Inf",tool="get_single_roserocket_objects_external_by_id"} 2');
    expect(text).toContain('roserocket_mcp_http_responses_total{route="mcp",status="200"} 2');
    expect(text).toContain('roserocket_mcp_http_responses_total{route="mcp",status="401"} 1');
    expect(text).not.toContain(server.token);
    expect(text).not.toContain('rrmcp_unknown');
  });
});
