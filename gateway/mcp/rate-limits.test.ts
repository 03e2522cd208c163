import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { gatewayRateLimits } from './rate-limits.ts';

describe('gatewayRateLimits', () => {
  it('lets calls through at once while its Redis is unreachable: upstream still limits them', async () => {
    // A port nothing listens on; no retries, so the client stays "not ready".
    const client = new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    try {
      const limits = gatewayRateLimits({ redis: { client, prefix: 'test' } });
      const started = performance.now();
      await limits.upstreamSpent('acct', { limit: 10, remaining: 0, reset: 60, retryAfter: 60 });
      for (let i = 0; i < 3; i++) expect(await limits.admit('srv', 'acct', { requests: 1, per_seconds: 60 })).toBeNull();
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      client.disconnect();
    }
  });

  it('holds an account for what upstream said, at most an hour', async () => {
    const limits = gatewayRateLimits();
    await limits.upstreamSpent('acct', { limit: null, remaining: null, reset: 86_400, retryAfter: 86_400 });
    expect(await limits.admit('srv', 'acct', null)).toEqual({ scope: 'account', limit: null, remaining: 0, reset: 3600, retryAfter: 3600 });
    // A 429 that still says some of the quota is left, and gives no Retry-After, holds nothing.
    await limits.upstreamSpent('other', { limit: 10, remaining: 3, reset: 30, retryAfter: null });
    expect(await limits.admit('srv', 'other', null)).toBeNull();
  });
});
