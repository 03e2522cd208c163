import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MockEnv } from '../env.ts';
import { MockHttpError, nestError } from '../errors.ts';
import { DEMO_ORG, type SeedOrg } from '../orgs.ts';
import { createDataRoutes, createMockData } from './index.ts';

export const BASE = '/api/v2/platformModel';
export const START = Date.parse('2025-06-02T12:00:00.000Z');

export interface Answer {
  status: number;
  body: any;
}

/**
 * The data routes in a bare Hono app for tests: a stand-in for auth sets the
 * org and user, and errors are answered the way the app factory does. An
 * error that is not a `MockHttpError` is rethrown, so a crash fails the test
 * instead of passing as a 500.
 */
export function dataTestApp() {
  const data = createMockData(() => START);
  const state = { quirks: false, now: START, org: DEMO_ORG as SeedOrg };
  const app = new Hono<MockEnv>();
  app.use('*', async (c, next) => {
    c.set('orgId', state.org.orgId);
    c.set('userId', state.org.userId);
    await next();
  });
  app.onError((err, c) => {
    if (err instanceof MockHttpError) return c.json(nestError(err.statusCode, err.messages), err.statusCode as ContentfulStatusCode);
    throw err;
  });
  app.route(BASE, createDataRoutes(data, { quirks: () => state.quirks, now: () => state.now }));

  async function call(method: string, path: string, body?: unknown): Promise<Answer> {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await app.request(`${BASE}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  return {
    data,
    call,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    del: (path: string) => call('DELETE', path),
    setQuirks: (on: boolean) => void (state.quirks = on),
    /** Moves the clock on, so writes get later timestamps. */
    tick: (ms = 1000) => void (state.now += ms),
    actAs: (org: SeedOrg) => void (state.org = org),
  };
}

export type DataTestApp = ReturnType<typeof dataTestApp>;
