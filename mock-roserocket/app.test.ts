import { describe, expect, it, vi } from 'vitest';
import { createMockRoseRocket, MockConfigError, type MockOptions, type MockRoseRocket } from './app.ts';
import { SEED } from './data/index.ts';
import { MockHttpError } from './errors.ts';
import { API, callApi, getToken } from './test-support.ts';

describe('createMockRoseRocket options', () => {
  it('starts with the documented defaults', () => {
    expect(createMockRoseRocket().control.config).toEqual({
      tokenLifetimeSeconds: 1800,
      rateLimit: null,
      faults: [],
      quirks: false,
    });
  });

  it.each([
    [{ tokenLifetimeSeconds: -5 }, /tokenLifetimeSeconds: /],
    [{ tokenLifetimeSeconds: 1.5 }, /tokenLifetimeSeconds: /],
    [{ controlRoutes: 'yes' }, /controlRoutes: /],
    [{ now: 12 }, /now: must be a function/],
    [{ log: 'stderr' }, /log: must be a function/],
    [{ rateLimit: { limit: 0, windowSeconds: 60 } }, /rateLimit\.limit: /],
    [{ faults: 'all' }, /faults: /],
    [{ quirk: true }, /quirk: is not a known setting/],
  ])('throws a MockConfigError naming the bad option in %j', (options, message) => {
    expect(() => createMockRoseRocket(options as MockOptions)).toThrow(MockConfigError);
    expect(() => createMockRoseRocket(options as MockOptions)).toThrow(message);
  });
});

describe('error handling', () => {
  it('answers an unknown route with NestJS’s 404', async () => {
    const mock = createMockRoseRocket();
    const res = await mock.fetch(new Request('http://mock/nowhere', { method: 'DELETE' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ statusCode: 404, message: 'Cannot DELETE /nowhere', error: 'Not Found' });
  });

  it('answers a malformed JSON body on an API route with a 400 envelope', async () => {
    const mock = createMockRoseRocket();
    const { access_token } = await getToken(mock);
    const res = await mock.fetch(
      new Request(`http://mock${API}/userGroups`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: '{"name": ',
      }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { statusCode: number; error: string };
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('logs an unexpected error and answers Rose Rocket’s bare 500', async () => {
    const log = vi.fn();
    const mock = createMockRoseRocket({ log });
    mock.app.get('/explode', () => {
      throw new Error('kaboom');
    });
    const res = await mock.fetch(new Request('http://mock/explode'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]![0]).toMatch(/GET \/explode.*kaboom/s);
  });

  it('answers a MockHttpError thrown by a route in its envelope', async () => {
    const mock = createMockRoseRocket();
    mock.app.get('/teapot', () => {
      throw new MockHttpError(409, 'Group name is already in use.');
    });
    const res = await mock.fetch(new Request('http://mock/teapot'));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ statusCode: 409, message: 'Group name is already in use.', error: 'Conflict' });
  });
});

describe('wiring of the data routes', () => {
  it('scopes the data routes to the token’s org', async () => {
    const mock = createMockRoseRocket();
    const { access_token } = await getToken(mock);
    const res = await callApi(mock, access_token, `${API}/userGroups`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }[]).map((g) => g.name)).toContain('Night Dispatch');
  });
});

describe('quirks (strict mode)', () => {
  const selectEquals = { path: 'status', operator: 'equals', value: 'booked', fieldType: 'SelectField' };
  const selectIn = { path: 'status', operator: 'in', value: ['booked'], fieldType: 'SelectField' };
  const search = (mock: MockRoseRocket, token: string, filter: object) =>
    callApi(mock, token, `${API}/objects/search`, {
      method: 'POST',
      body: { boardId: SEED.demo.boards.defaults.order, filters: [filter] },
    });

  it('reach search: SelectField+equals answers the live 500 only while quirks are on', async () => {
    const mock = createMockRoseRocket();
    const { access_token } = await getToken(mock);
    expect((await search(mock, access_token, selectEquals)).status).toBe(200);

    mock.control.configure({ quirks: true });
    const res = await search(mock, access_token, selectEquals);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect((await search(mock, access_token, selectIn)).status).toBe(200);

    mock.control.configure({ quirks: false });
    expect((await search(mock, access_token, selectEquals)).status).toBe(200);
  });

  it('can be on from the start', async () => {
    const mock = createMockRoseRocket({ quirks: true });
    const { access_token } = await getToken(mock);
    expect((await search(mock, access_token, selectEquals)).status).toBe(500);
  });
});
