import { describe, expect, it } from 'vitest';
import { normaliseRateLimit, rateLimitHeaders, type RateLimit } from './rate-limit.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0); // whole seconds, so dates and epochs line up
const NOW_S = NOW / 1000;
const IN_30S_DATE = new Date(NOW + 30_000).toUTCString();

const normalise = (headers: Record<string, string>) => normaliseRateLimit(new Headers(headers), NOW);
const rl = (limit: number | null, remaining: number | null, reset: number | null, retryAfter: number | null = null): RateLimit => ({
  limit,
  remaining,
  reset,
  retryAfter,
});

describe('normaliseRateLimit', () => {
  describe('every dialect gives the same three numbers', () => {
    it.each<[string, Record<string, string>]>([
      ['X-RateLimit-* with reset in epoch seconds', { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW_S + 30) }],
      ['X-RateLimit-* with reset in epoch ms', { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW + 30_000) }],
      ['X-RateLimit-* with reset as delta seconds', { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '30' }],
      ['X-RateLimit-* with reset as an HTTP-date', { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': IN_30S_DATE }],
      ['X-Rate-Limit-* (hyphenated)', { 'X-Rate-Limit-Limit': '100', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': '30' }],
      ['RateLimit-Limit/Remaining/Reset (draft-06)', { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '30' }],
      ['draft-06 with a quota policy in the limit', { 'RateLimit-Limit': '100, 100;w=60, 1000;w=86400', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '30' }],
      ['structured RateLimit + RateLimit-Policy (draft-08+)', { RateLimit: '"default";r=0;t=30', 'RateLimit-Policy': '"default";q=100;w=60' }],
      ['structured, policy named by a token', { RateLimit: 'default;r=0;t=30', 'RateLimit-Policy': 'default;q=100;w=60' }],
      ['draft-07 dictionary', { RateLimit: 'limit=100, remaining=0, reset=30' }],
    ])('%s', (_, headers) => {
      expect(normalise(headers)).toEqual(rl(100, 0, 30));
    });
  });

  describe('structured fields (draft-08+)', () => {
    it('takes the quota of the policy the RateLimit item names, not the first one', () => {
      expect(
        normalise({ RateLimit: '"daily";r=7;t=3600', 'RateLimit-Policy': '"burst";q=10;w=1, "daily";q=1000;w=86400' }),
      ).toEqual(rl(1000, 7, 3600));
    });

    it('with several RateLimit items, the first counts', () => {
      expect(
        normalise({ RateLimit: '"burst";r=2;t=1, "daily";r=500;t=3600', 'RateLimit-Policy': '"burst";q=10;w=1, "daily";q=1000;w=86400' }),
      ).toEqual(rl(10, 2, 1));
    });

    it('falls back to the first policy when RateLimit names an unknown one', () => {
      expect(normalise({ RateLimit: '"other";r=3;t=5', 'RateLimit-Policy': '"default";q=50;w=60, "x";q=9;w=1' })).toEqual(rl(50, 3, 5));
    });

    it('reads a policy alone as the limit, and says nothing of the rest', () => {
      expect(normalise({ 'RateLimit-Policy': '"default";q=100;w=60' })).toEqual(rl(100, null, null));
    });

    it('tolerates extra parameters, whitespace and byte-sequence partition keys', () => {
      expect(
        normalise({ RateLimit: '  "default";pk=:dXNlcjE=:;r=4;t=12  ', 'RateLimit-Policy': '"default";q=100;qu="requests";w=60;pk=:dXNlcjE=:' }),
      ).toEqual(rl(100, 4, 12));
    });

    it('ignores an unparseable field as a whole (RFC 9651), falling back to other dialects', () => {
      expect(normalise({ RateLimit: '"default;r=0', 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset': '9' })).toEqual(
        rl(60, 1, 9),
      );
      expect(normalise({ RateLimit: '"default";r=0,', 'RateLimit-Policy': 'q=' })).toEqual(rl(null, null, null));
    });
  });

  describe('Retry-After', () => {
    it('as seconds wins over any reset value', () => {
      expect(normalise({ 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '5', 'Retry-After': '30' })).toEqual(
        rl(100, 0, 30, 30),
      );
    });

    it('as an HTTP-date becomes seconds from now', () => {
      expect(normalise({ 'Retry-After': IN_30S_DATE })).toEqual(rl(null, null, 30, 30));
    });

    it('accepts the obsolete RFC 850 and asctime date forms', () => {
      const at = new Date(NOW + 90_000);
      const [day, , month, , time] = at.toUTCString().split(' ');
      const weekday = at.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
      const dd = String(at.getUTCDate()).padStart(2, '0');
      const rfc850 = `${weekday}, ${dd}-${month}-${String(at.getUTCFullYear()).slice(2)} ${time} GMT`;
      const asctime = `${day!.slice(0, 3)} ${month} ${String(at.getUTCDate()).padStart(2, ' ')} ${time} ${at.getUTCFullYear()}`;
      expect(normalise({ 'Retry-After': rfc850 }).retryAfter).toBe(90);
      expect(normalise({ 'Retry-After': asctime }).retryAfter).toBe(90);
    });

    it('in the past is 0, never negative', () => {
      expect(normalise({ 'Retry-After': new Date(NOW - 60_000).toUTCString() })).toEqual(rl(null, null, 0, 0));
    });
  });

  describe('edge cases', () => {
    it('says nothing when upstream said nothing', () => {
      expect(normalise({})).toEqual(rl(null, null, null, null));
      expect(normalise({ 'Content-Type': 'application/json' })).toEqual(rl(null, null, null, null));
    });

    it.each<[string, Record<string, string>, RateLimit]>([
      ['garbage numbers are null', { 'X-RateLimit-Limit': 'lots', 'X-RateLimit-Remaining': '12abc', 'X-RateLimit-Reset': 'soon' }, rl(null, null, null)],
      ['an empty value is null, not 0', { 'RateLimit-Limit': '', 'RateLimit-Remaining': ' ', 'RateLimit-Reset': '' }, rl(null, null, null)],
      ['a lenient-parser "date" is not a date', { 'Retry-After': 'foo 2' }, rl(null, null, null, null)],
      ['negative values clamp to 0', { 'X-RateLimit-Limit': '-1', 'X-RateLimit-Remaining': '-5', 'X-RateLimit-Reset': '-30' }, rl(0, 0, 0)],
      ['a reset epoch in the past is 0', { 'X-RateLimit-Reset': String(NOW_S - 100) }, rl(null, null, 0)],
      ['fractional reset rounds up, counts down', { 'RateLimit-Limit': '10.7', 'RateLimit-Remaining': '2.5', 'RateLimit-Reset': '1.2' }, rl(10, 2, 2)],
      ['partial epoch-ms reset rounds up to whole seconds', { 'X-RateLimit-Reset': String(NOW + 1_001) }, rl(null, null, 2)],
      ['a partial set keeps only what was said', { 'X-RateLimit-Remaining': '3' }, rl(null, 3, null)],
      ['an ISO 8601 reset is a date', { 'X-RateLimit-Reset': new Date(NOW + 45_000).toISOString() }, rl(null, null, 45)],
    ])('%s', (_, headers, expected) => {
      expect(normalise(headers)).toEqual(expected);
    });

    it('prefers the structured dialect, then draft-06, then X-RateLimit, field by field', () => {
      expect(
        normalise({
          RateLimit: '"default";r=1;t=10',
          'RateLimit-Limit': '200',
          'RateLimit-Remaining': '50',
          'X-RateLimit-Limit': '300',
          'X-RateLimit-Reset': '99',
        }),
      ).toEqual(rl(200, 1, 10));
    });
  });
});

describe('rateLimitHeaders', () => {
  it('gives the three IETF headers in seconds', () => {
    expect(rateLimitHeaders(rl(100, 0, 30, 30))).toEqual({ 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' });
  });

  it('leaves out what is not known', () => {
    expect(rateLimitHeaders(rl(null, 4, null))).toEqual({ 'ratelimit-remaining': '4' });
    expect(rateLimitHeaders(null)).toEqual({});
  });
});
