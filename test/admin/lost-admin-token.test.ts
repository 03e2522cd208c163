import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/bootstrap.ts';
import { loadConfig } from '../../gateway/config.ts';
import { silentLogger } from '../../gateway/log.ts';

/**
 * The README's way back in when the admin token printed at the first start
 * is lost: start again with ADMIN_API_KEY set to a value of one's own, list
 * the operator tokens with it, and revoke the lost one.
 */
describe('getting admin access back when the generated token is lost', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('a restart with ADMIN_API_KEY opens the admin API, which then revokes the lost token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rr-lost-admin-'));
    dirs.push(dir);
    const first = await startGateway(loadConfig({ DATA_DIR: dir, PORT: '0' }), silentLogger, { demoServer: 'none' });
    const lost = first.generatedAdminToken!;
    expect(lost).toMatch(/^rrapi_/);
    await first.close();

    const key = 'chosen-after-the-loss-0123456789';
    const second = await startGateway(loadConfig({ DATA_DIR: dir, PORT: '0', ADMIN_API_KEY: key }), silentLogger, { demoServer: 'none' });
    try {
      expect(second.generatedAdminToken, 'no second token is generated').toBeNull();
      const call = (method: string, path: string, token: string) => second.app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
      const listed = (await (await call('GET', '/api-token', key)).json()) as { result: Array<{ id: string; name: string; last4: string }> };
      const lostRecord = listed.result.find((t) => t.last4 === lost.slice(-4) && t.id !== 'env-admin');
      expect(lostRecord, JSON.stringify(listed.result)).toBeDefined();
      expect((await call('GET', '/api-token', lost)).status).toBe(200);
      expect((await call('DELETE', `/api-token/${lostRecord!.id}`, key)).status).toBe(204);
      expect((await call('GET', '/api-token', lost)).status).toBe(401);
      expect((await call('GET', '/api-token', key)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
