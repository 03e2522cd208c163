import { describe, expect, it } from 'vitest';
import { createMockRoseRocket, MockConfigError } from './app.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { SEED } from './data/index.ts';
import { DEMO_ORG } from './orgs.ts';
import { API, callApi, getToken, postToken } from './test-support.ts';

const groupNames = async (res: Response) => ((await res.json()) as { name: string }[]).map((g) => g.name);

describe('expireTokens', () => {
  it('makes every issued token answer 401, while a refresh and a new grant both work', async () => {
    const mock = createMockRoseRocket();
    const first = await getToken(mock);
    const second = await getToken(mock);
    mock.control.expireTokens();
    for (const token of [first, second]) {
      const res = await callApi(mock, token.access_token, '/api/v1/me');
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ statusCode: 401, message: 'Access token has expired', error: 'Unauthorized' });
    }

    const refreshed = await postToken(mock, {
      grant_type: 'refresh_token',
      client_id: DEMO_ORG.clientId,
      client_secret: DEMO_ORG.clientSecret,
      refresh_token: first.refresh_token,
      org_id: DEMO_ORG.orgId,
    });
    expect(refreshed.status).toBe(200);
    const { access_token } = (await refreshed.json()) as { access_token: string };
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(200);

    const fresh = await getToken(mock);
    expect((await callApi(mock, fresh.access_token, '/api/v1/me')).status).toBe(200);
  });
});

describe('configure', () => {
  it('merges a partial change and answers the settings in force', () => {
    const mock = createMockRoseRocket({ quirks: true });
    const config = mock.control.configure({ tokenLifetimeSeconds: 120 });
    expect(config).toEqual({ ...DEFAULT_CONFIG, quirks: true, tokenLifetimeSeconds: 120 });
    expect(mock.control.config).toEqual(config);
  });

  it('hands out copies: changing one changes nothing in the mock', () => {
    const mock = createMockRoseRocket({ faults: [{ path: '/userGroups', status: 500 }] });
    mock.control.config.faults.pop();
    expect(mock.control.config.faults).toHaveLength(1);
  });

  it.each([
    [{ tokenLifetimeSeconds: 0 }, 'tokenLifetimeSeconds: '],
    [{ rateLimit: { limit: 5, windowSeconds: 60, dialect: 'smoke-signals' } }, 'rateLimit.dialect: '],
    [{ rateLimit: { limit: 5 } }, 'rateLimit.windowSeconds: '],
    [{ faults: [{ path: 'userGroups', status: 500 }] }, 'faults.0.path: must start with "/" or "*"'],
    [{ faults: [{ path: '/userGroups', status: 404 }] }, 'faults.0.status: '],
    [{ faults: [{ path: '/userGroups' }] }, 'faults.0: a fault needs a status, a latencyMs, or both'],
    [{ faults: [{ path: '/x', latencyMs: 5, body: 'html' }] }, 'faults.0.body: body only applies to a fault with a status'],
    [{ faults: [{ path: '/x', status: 500, method: 'BREW' }] }, 'faults.0.method: '],
    [{ quirks: 'yes' }, 'quirks: '],
    [{ colour: 'red' }, 'colour: is not a known setting'],
  ])('refuses %j with an error naming the field', (patch, problem) => {
    const mock = createMockRoseRocket();
    let caught: unknown;
    try {
      mock.control.configure(patch as never);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MockConfigError);
    expect((caught as MockConfigError).problems.some((p) => p.startsWith(problem))).toBe(true);
    expect(mock.control.config).toEqual(DEFAULT_CONFIG);
  });
});

describe('reset', () => {
  it('brings back the seed, the settings the mock was made with, and forgets every token', async () => {
    const mock = createMockRoseRocket({ quirks: true });
    const { access_token } = await getToken(mock);
    const created = await callApi(mock, access_token, `${API}/userGroups`, {
      method: 'POST',
      body: { name: 'Weekend Crew' },
    });
    expect(created.ok).toBe(true);
    const customer = await callApi(mock, access_token, `${API}/objects`, {
      method: 'POST',
      body: { objectKey: 'customer', json: { name: 'Reset Me Ltd' } },
    });
    expect(customer.status).toBe(200);
    const { id: customerId } = (await customer.json()) as { id: string };
    expect((await callApi(mock, access_token, `${API}/objects/${customerId}`)).status).toBe(200);
    mock.control.configure({ quirks: false, rateLimit: { limit: 100, windowSeconds: 60 } });

    mock.control.reset();

    expect(mock.control.config).toEqual({ ...DEFAULT_CONFIG, quirks: true });
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(401);
    const fresh = await getToken(mock);
    const groups = await callApi(mock, fresh.access_token, `${API}/userGroups`);
    expect(await groupNames(groups)).not.toContain('Weekend Crew');
    expect(groups.headers.get('ratelimit-limit')).toBeNull();
    expect((await callApi(mock, fresh.access_token, `${API}/objects/${customerId}`)).status).toBe(404);
    const acme = await callApi(mock, fresh.access_token, `${API}/objects/${SEED.demo.customers.acmeCorp.id}`);
    expect(((await acme.json()) as { name: string }).name).toBe('Acme Corp');
  });
});

describe('control routes', () => {
  const send = (mock: ReturnType<typeof createMockRoseRocket>, path: string, body?: string) =>
    mock.fetch(
      new Request(`http://mock${path}`, {
        method: body === undefined && path.endsWith('config') ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body ?? null,
      }),
    );

  it('are absent unless asked for', async () => {
    const mock = createMockRoseRocket();
    const res = await send(mock, '/__mock/config');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ statusCode: 404, message: 'Cannot GET /__mock/config', error: 'Not Found' });
  });

  it('GET /__mock/config shows the settings; POST merges a valid change', async () => {
    const mock = createMockRoseRocket({ controlRoutes: true });
    expect(await (await send(mock, '/__mock/config')).json()).toEqual(DEFAULT_CONFIG);

    const res = await send(mock, '/__mock/config', JSON.stringify({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'none' } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...DEFAULT_CONFIG, rateLimit: { limit: 1, windowSeconds: 60, dialect: 'none' } });

    const { access_token } = await getToken(mock);
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(200);
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(429);
  });

  it('POST /__mock/config answers 400 naming every bad field, and changes nothing', async () => {
    const mock = createMockRoseRocket({ controlRoutes: true });
    const res = await send(mock, '/__mock/config', JSON.stringify({ quirks: 1, faults: [{ path: '/x', status: 200 }] }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { statusCode: number; error: string; message: string[] };
    expect(body.statusCode).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.message).toHaveLength(2);
    expect(body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^quirks: /), expect.stringMatching(/^faults\.0\.status: /)]),
    );
    expect(await (await send(mock, '/__mock/config')).json()).toEqual(DEFAULT_CONFIG);
  });

  it('POST /__mock/config answers 400 for a body that is not JSON', async () => {
    const mock = createMockRoseRocket({ controlRoutes: true });
    const res = await send(mock, '/__mock/config', '{quirks');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      statusCode: 400,
      message: ['body must be a JSON object of settings'],
      error: 'Bad Request',
    });
  });

  it('POST /__mock/reset restores the seed and the settings', async () => {
    const mock = createMockRoseRocket({ controlRoutes: true });
    const { access_token } = await getToken(mock);
    const created = await callApi(mock, access_token, `${API}/userGroups`, { method: 'POST', body: { name: 'Weekend Crew' } });
    expect(created.ok).toBe(true);
    await send(mock, '/__mock/config', JSON.stringify({ quirks: true }));

    const res = await send(mock, '/__mock/reset', '');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(DEFAULT_CONFIG);
    const fresh = await getToken(mock);
    expect(await groupNames(await callApi(mock, fresh.access_token, `${API}/userGroups`))).not.toContain('Weekend Crew');
  });

  it('POST /__mock/expire-tokens expires every issued token', async () => {
    const mock = createMockRoseRocket({ controlRoutes: true });
    const { access_token } = await getToken(mock);
    expect((await send(mock, '/__mock/expire-tokens', '')).status).toBe(204);
    expect((await callApi(mock, access_token, '/api/v1/me')).status).toBe(401);
  });
});
