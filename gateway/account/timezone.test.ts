import { describe, expect, it, vi } from 'vitest';
import { accountTimezone } from './timezone.ts';

const answering = (body: unknown) => vi.fn(async () => ({ body }));
const failing = () => vi.fn(async (): Promise<{ body: unknown }> => Promise.reject(Object.assign(new Error('upstream 503'), { status: 503 })));

describe("the account's timezone", () => {
  it("is the org's zone from /me, asked once for every caller, and known to peek afterwards", async () => {
    const me = answering({ user: { id: 'u' }, org: { id: 'o', timezone: 'America/Toronto' } });
    const zone = accountTimezone({ me, ttlMs: 60_000 });
    expect(zone.peek()).toBeNull();
    expect(await Promise.all([zone.get(), zone.get(), zone.get()])).toEqual(['America/Toronto', 'America/Toronto', 'America/Toronto']);
    expect(await zone.get()).toBe('America/Toronto');
    expect(me).toHaveBeenCalledTimes(1);
    expect(zone.peek()).toBe('America/Toronto');
  });

  it("falls back to a top-level or the user's zone, and takes no zone this runtime does not know", async () => {
    expect(await accountTimezone({ me: answering({ timezone: 'Europe/Paris' }), ttlMs: 1 }).get()).toBe('Europe/Paris');
    expect(await accountTimezone({ me: answering({ user: { timezone: 'Asia/Tokyo' } }), ttlMs: 1 }).get()).toBe('Asia/Tokyo');
    expect(await accountTimezone({ me: answering({ org: { timezone: 'Mars/Olympus' } }), ttlMs: 1 }).get()).toBeNull();
    expect(await accountTimezone({ me: answering({ org: { timezone: 42 } }), ttlMs: 1 }).get()).toBeNull();
    expect(await accountTimezone({ me: answering('<html>'), ttlMs: 1 }).get()).toBeNull();
  });

  it('is null when /me fails, without failing, and /me is asked again only a minute later', async () => {
    let now = 0;
    const me = failing();
    const zone = accountTimezone({ me, ttlMs: 5 * 60_000, now: () => now });
    expect(await zone.get()).toBeNull();
    now = 59_000;
    expect(await zone.get()).toBeNull();
    expect(me).toHaveBeenCalledTimes(1);
    now = 60_000;
    me.mockImplementation(async () => ({ body: { org: { timezone: 'America/Toronto' } } }));
    await zone.get(); // the last answer serves while /me is asked again
    await vi.waitFor(() => expect(zone.peek()).toBe('America/Toronto'));
    expect(me).toHaveBeenCalledTimes(2);
  });

  it('keeps a known zone through a failed refresh, and refreshes after the TTL', async () => {
    let now = 0;
    const me = answering({ org: { timezone: 'America/Toronto' } });
    const zone = accountTimezone({ me, ttlMs: 5 * 60_000, now: () => now });
    await zone.get();
    now = 4 * 60_000;
    await zone.get();
    expect(me).toHaveBeenCalledTimes(1);
    now = 5 * 60_000;
    me.mockImplementation(async () => Promise.reject(new Error('timeout')));
    expect(await zone.get()).toBe('America/Toronto');
    await vi.waitFor(() => expect(me).toHaveBeenCalledTimes(2));
    expect(await zone.get()).toBe('America/Toronto');
  });
});
