import { describe, expect, it } from 'vitest';
import { createMockRoseRocket } from './app.ts';
import type { RateLimitDialect } from './config.ts';
import { OTHER_ORG } from './orgs.ts';
import { callApi, getToken } from './test-support.ts';

const THROTTLED = { statusCode: 429, message: 'ThrottlerException: Too Many Requests', error: 'Too Many Requests' };
// Half a second into a second, so epoch rounding is visible.
const START = Date.parse('2026-03-01T12:00:00.500Z');
const START_S = Math.floor(START / 1000);
const RATE_HEADERS = [
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
];

function rateHeaders(res: Response): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const name of RATE_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) seen[name] = value;
  }
  return seen;
}

/** Headers expected after `used` calls of a 2-per-30s quota, 10 s into the window. */
const expectations: Record<RateLimitDialect, { ok: Record<string, string>; throttled: Record<string, string> }> = {
  none: { ok: {}, throttled: {} },
  'x-ratelimit-epoch': {
    ok: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START_S + 31) },
    throttled: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START_S + 31) },
  },
  'x-ratelimit-delta': {
    ok: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' },
    throttled: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '20' },
  },
  'ietf-draft-06': {
    ok: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' },
    throttled: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '20' },
  },
  'ietf-structured': {
    ok: { ratelimit: '"default";r=0;t=30', 'ratelimit-policy': '"default";q=2;w=30' },
    throttled: { ratelimit: '"default";r=0;t=20', 'ratelimit-policy': '"default";q=2;w=30' },
  },
  'retry-after-seconds': { ok: {}, throttled: { 'retry-after': '20' } },
  'retry-after-date': { ok: {}, throttled: { 'retry-after': new Date((START_S + 31) * 1000).toUTCString() } },
};

describe('rate limiter', () => {
  it('is off by default: no 429 and no rate-limit headers', async () => {
    const mock = createMockRoseRocket();
    const { access_token } = await getToken(mock);
    for (let i = 0; i < 50; i++) {
      const res = await callApi(mock, access_token, '/api/v1/me');
      expect(res.status).toBe(200);
      expect(rateHeaders(res)).toEqual({});
    }
  });

  it.each(Object.keys(expectations) as RateLimitDialect[])('speaks the %s dialect', async (dialect) => {
    let now = START;
    const mock = createMockRoseRocket({ now: () => now, rateLimit: { limit: 2, windowSeconds: 30, dialect } });
    const { access_token } = await getToken(mock);
    const me = () => callApi(mock, access_token, '/api/v1/me');

    expect((await me()).status).toBe(200);
    const second = await me();
    expect(second.status).toBe(200);
    expect(rateHeaders(second)).toEqual(expectations[dialect].ok);

    now += 10_000;
    const refused = await me();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual(THROTTLED);
    expect(rateHeaders(refused)).toEqual(expectations[dialect].throttled);

    // The window opened at START; at its end the quota is whole again.
    now = START + 29_999;
    expect((await me()).status).toBe(429);
    now = START + 30_000;
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(429);
  });

  it('counts down the remaining quota on each successful call', async () => {
    const mock = createMockRoseRocket({ rateLimit: { limit: 3, windowSeconds: 60, dialect: 'ietf-draft-06' } });
    const { access_token } = await getToken(mock);
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      remaining.push((await callApi(mock, access_token, '/api/v1/me')).headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
  });

  it('defaults to the IETF draft-06 dialect', async () => {
    const mock = createMockRoseRocket({ rateLimit: { limit: 5, windowSeconds: 60 } });
    const { access_token } = await getToken(mock);
    const res = await callApi(mock, access_token, '/api/v1/me');
    expect(res.headers.get('ratelimit-limit')).toBe('5');
  });

  it('counts each org separately, covers the platform-model routes, and never the token endpoint', async () => {
    const mock = createMockRoseRocket({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'none' } });
    const demo = await getToken(mock);
    const other = await getToken(mock, OTHER_ORG);
    expect((await callApi(mock, demo.access_token, '/api/v1/me')).status).toBe(200);
    expect((await callApi(mock, demo.access_token, '/api/v2/platformModel/userGroups')).status).toBe(429);
    expect((await callApi(mock, other.access_token, '/api/v2/platformModel/userGroups')).status).toBe(200);
    expect((await getToken(mock)).token_type).toBe('Bearer');
  });

  it('is switched on, changed and off again at run time, each change starting a fresh window', async () => {
    const mock = createMockRoseRocket({ now: () => START });
    const { access_token } = await getToken(mock);
    const me = () => callApi(mock, access_token, '/api/v1/me');
    mock.control.configure({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'none' } });
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(429);
    mock.control.configure({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'retry-after-seconds' } });
    expect((await me()).status).toBe(200);
    const refused = await me();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    mock.control.configure({ rateLimit: null });
    expect((await me()).status).toBe(200);
  });
});
