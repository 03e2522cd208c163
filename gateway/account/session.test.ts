import { describe, expect, it, vi } from 'vitest';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import type { Send } from '../upstream/wire.ts';
import { accountSessions } from './session.ts';

const account = {
  apiUrl: 'https://rr.test/api/v2/platformModel',
  authUrl: 'https://rr.test',
  clientId: DEMO_ORG.clientId,
  clientSecret: DEMO_ORG.clientSecret,
  orgId: DEMO_ORG.orgId,
  userId: DEMO_ORG.userId,
};

describe('account sessions', () => {
  const sessions = () => accountSessions({ builtinObjects: [], timeoutMs: 1000, send: vi.fn<Send>() });

  it('keeps one session (and its cached token) per account while its credentials stay the same', async () => {
    const all = sessions();
    const first = await all.get('a', 'v1', () => account);
    expect(await all.get('a', 'v1', () => account)).toBe(first);
    expect(await all.get('b', 'v1', () => account)).not.toBe(first);
    expect(await all.get('a', 'v2', () => account)).not.toBe(first);
  });

  it("drops a forgotten account's session: nothing of a deleted account outlives it", async () => {
    const all = sessions();
    const first = await all.get('a', 'v1', () => account);
    all.forget('a');
    const load = vi.fn(() => account);
    const again = await all.get('a', 'v1', load);
    expect(again).not.toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
