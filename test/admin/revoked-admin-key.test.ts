import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { banner } from '../../gateway/banner.ts';
import { startGateway } from '../../gateway/bootstrap.ts';
import { loadConfig } from '../../gateway/config.ts';
import type { LogFields } from '../../gateway/log.ts';

const ADMIN_API_KEY = 'operator-key-from-env-0123456789';

describe('a revoked ADMIN_API_KEY stays revoked across restarts', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function start(dir: string, lines: Array<[string, LogFields | undefined]>) {
    const config = loadConfig({ DATA_DIR: dir, ADMIN_API_KEY, PORT: '0' });
    return startGateway(config, { log: (_level, msg, fields) => void lines.push([msg, fields]) }, { demoServer: 'none' });
  }

  it('DELETE /api-token/env-admin answers 204, and the next start with the same environment does not bring the key back, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rr-revoke-'));
    dirs.push(dir);
    const lines: Array<[string, LogFields | undefined]> = [];
    const first = await start(dir, lines);
    const call = (method: string, path: string, token: string, body?: unknown) =>
      first.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const other = (await (await call('POST', '/api-token', ADMIN_API_KEY, { name: 'second operator' })).json()) as { token: string };
    expect((await call('DELETE', '/api-token/env-admin', other.token)).status).toBe(204);
    expect((await call('GET', '/api-token', ADMIN_API_KEY)).status).toBe(401);
    expect(first.adminApiKeyRevoked).toBe(false);
    await first.close();

    const second = await start(dir, lines);
    try {
      const refused = await second.app.request('/api-token', { headers: { authorization: `Bearer ${ADMIN_API_KEY}` } });
      expect(refused.status).toBe(401);
      const listed = await second.app.request('/api-token', { headers: { authorization: `Bearer ${other.token}` } });
      expect(((await listed.json()) as { result: Array<{ id: string }> }).result.map((t) => t.id)).not.toContain('env-admin');
      expect(second.adminApiKeyRevoked).toBe(true);
      expect(lines.map(([msg]) => msg)).toContain('admin_api_key_revoked');
      expect(banner(loadConfig({ DATA_DIR: dir, ADMIN_API_KEY }), second)).toContain('ADMIN_API_KEY names a revoked key');
      // A new value is a new key, and works.
      expect(await second.records.apiTokens.ensureAdminToken('a-brand-new-operator-key-456')).toBeNull();
      expect(await second.records.apiTokens.verify('a-brand-new-operator-key-456')).toMatchObject({ id: 'env-admin' });
    } finally {
      await second.close();
    }
  });
});
