import { describe, expect, it } from 'vitest';
import { DEFAULT_OAUTH_LIMITS } from '../../gateway/oauth/rate-limit.ts';
import { oauthGateway, type OAuthGateway } from './harness.ts';

/**
 * The OAuth endpoints anyone can reach are limited per client address, the
 * return from Rose Rocket's sign-in among them (each one would spend a code
 * upstream). The address is the connection's (gateway/peer.ts); the Redis
 * test (test/access/rate-limits-redis.test.ts) shows the count shared by
 * instances on one store.
 */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40_000, remoteFamily: 'IPv4' } } });
const callback = (gw: OAuthGateway, peer: string) => gw.app.request('/oauth/rose-rocket/callback?code=x&state=forged', {}, from(peer));
const token = (gw: OAuthGateway, peer: string) =>
  gw.app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' }, from(peer));

describe('OAuth endpoint rate limits', () => {
  it("limits the return from Rose Rocket's sign-in per address, with a 429 that says when to come back, and logs it", async () => {
    const gw = await oauthGateway({ oauth: { limits: { callback: { points: 2, seconds: 60 } } } });
    for (let i = 0; i < 2; i++) expect((await callback(gw, '198.51.100.7')).status).toBe(400);
    const limited = await callback(gw, '198.51.100.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(await limited.json()).toMatchObject({ error: 'too_many_requests', error_description: expect.stringMatching(/too many callback requests from this address; retry in \d+ s/) });
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_rate_limited', endpoint: 'callback' }));
    // Another address has its own count.
    expect((await callback(gw, '198.51.100.8')).status).toBe(400);
  });

  it('counts each address apart, by the peer the runtime names', async () => {
    const gw = await oauthGateway({ oauth: { limits: { token: { points: 1, seconds: 60 } } } });
    expect((await token(gw, '203.0.113.1')).status).toBe(400);
    expect((await token(gw, '203.0.113.1')).status).toBe(429);
    expect((await token(gw, '203.0.113.2')).status).toBe(400);
  });

  it('keeps the defaults for endpoints a partial setting leaves out', async () => {
    const gw = await oauthGateway({ oauth: { limits: { token: { points: 1, seconds: 60 } } } });
    // The callback keeps its default: that many answered, then refused (a dropped default would answer them all).
    const { points } = DEFAULT_OAUTH_LIMITS.callback;
    for (let i = 0; i < points; i++) expect((await callback(gw, '198.51.100.9')).status).toBe(400);
    expect((await callback(gw, '198.51.100.9')).status).toBe(429);
  });
});
