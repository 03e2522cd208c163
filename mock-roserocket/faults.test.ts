import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockRoseRocket, type MockOptions } from './app.ts';
import { API, callApi, getToken } from './test-support.ts';

async function setup(options: MockOptions) {
  const mock = createMockRoseRocket(options);
  const { access_token } = await getToken(mock);
  const call = (path: string, method = 'GET', body?: unknown) =>
    callApi(mock, access_token, `${API}${path}`, { method, body });
  return { mock, call };
}

describe('injected faults', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a 500 in Rose Rocket’s envelope on the chosen route only', async () => {
    const { call } = await setup({ faults: [{ path: '/userGroups', status: 500 }] });
    const res = await call('/userGroups');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect((await call('/boards/nav')).status).toBe(200);
  });

  it('answers another 5xx with its reason, or as an HTML page', async () => {
    const { call } = await setup({
      faults: [
        { path: '/userGroups', status: 503 },
        { path: '/boards/nav', status: 502, body: 'html' },
      ],
    });
    const json = await call('/userGroups');
    expect(json.status).toBe(503);
    expect(await json.json()).toEqual({ statusCode: 503, message: 'Service Unavailable', error: 'Service Unavailable' });
    const html = await call('/boards/nav');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('matches the method when given, and paths with a * wildcard', async () => {
    const { call } = await setup({ faults: [{ method: 'post', path: '/userGroups*', status: 500 }] });
    expect((await call('/userGroups')).status).toBe(200);
    expect((await call('/userGroups/search', 'POST', {})).status).toBe(500);
    expect((await call('/userGroups', 'POST', { name: 'Fault Line' })).status).toBe(500);
  });

  it('hits only `times` requests, then lets them through', async () => {
    const { call } = await setup({ faults: [{ path: '/userGroups', status: 500, times: 2 }] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('/userGroups')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('counts `times` afresh when the faults are configured again', async () => {
    const { mock, call } = await setup({ faults: [{ path: '/userGroups', status: 500, times: 1 }] });
    expect((await call('/userGroups')).status).toBe(500);
    expect((await call('/userGroups')).status).toBe(200);
    mock.control.configure({ faults: [{ path: '/userGroups', status: 504, times: 1 }] });
    expect((await call('/userGroups')).status).toBe(504);
    expect((await call('/userGroups')).status).toBe(200);
  });

  it('delays the answer by latencyMs, then answers normally', async () => {
    vi.useFakeTimers();
    const { call } = await setup({ faults: [{ path: '/userGroups', latencyMs: 5_000 }] });
    let settled = false;
    const pending = call('/userGroups').then((res) => {
      settled = true;
      return res;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(Array.isArray(await res.json())).toBe(true);
  });

  it('adds latency before an injected status (a small real delay)', async () => {
    const { call } = await setup({ faults: [{ path: '/userGroups', latencyMs: 60, status: 503 }] });
    const started = performance.now();
    const res = await call('/userGroups');
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('stops waiting when the client gives up', async () => {
    vi.useFakeTimers();
    const mock = createMockRoseRocket({ faults: [{ path: '/userGroups', latencyMs: 60_000, status: 500 }] });
    const { access_token } = await getToken(mock);
    const abort = new AbortController();
    const pending = mock.fetch(
      new Request(`http://mock${API}/userGroups`, {
        headers: { authorization: `Bearer ${access_token}` },
        signal: abort.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect((await pending).status).toBe(500);
  });

  it('never hits the token endpoint or /api/v1/me', async () => {
    const { mock } = await setup({ faults: [{ path: '*', status: 500 }] });
    const { access_token } = await getToken(mock);
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(200);
    expect((await callApi(mock, access_token, `${API}/userGroups`)).status).toBe(500);
  });
});
