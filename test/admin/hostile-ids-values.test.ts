import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBody } from '../../gateway/admin/validation.ts';
import { HttpError } from '../../gateway/http-error.ts';
import { createFsStore } from '../../gateway/store/fs.ts';
import { adminHarness, envelope } from './harness.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A value nested `depth` levels deep, made without recursion. */
function nested(depth: number, leaf: unknown = 'read'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('ids in admin bodies are checked as ids before any lookup', () => {
  const NOT_IDS = ['../x', 'a/b', ' ', 'ünïcödé', '📦', 'x'.repeat(5000), 'a:b'];

  it.each(NOT_IDS.map((id) => [id.length > 20 ? `${id.slice(0, 10)}… (${id.length})` : id, id]))(
    'POST /api-token with integrated_account_id %j is a 400 naming the field, on the fs store too',
    async (_, id) => {
      const dir = await mkdtemp(join(tmpdir(), 'rr-ids-'));
      try {
        const { call, records } = await adminHarness(await createFsStore({ dir }));
        const before = await records.apiTokens.list();
        const response = await call('POST', '/api-token', { body: { name: 'x', integrated_account_id: id } });
        expect(response.status).toBe(400);
        expect((await envelope(response)).message).toBe('integrated_account_id: must be an integrated account id (1 to 64 letters, digits, - or _)');
        expect(await records.apiTokens.list()).toEqual(before);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('the records answer "absent" for what could never be an id, rather than building a store key from it', async () => {
    const { records } = await adminHarness();
    for (const id of NOT_IDS) {
      expect(await records.accounts.get(id)).toBeNull();
      expect(await records.accounts.credentials(id)).toBeNull();
      expect(await records.apiTokens.get(id)).toBeNull();
      expect(await records.mcpServers.get(id, 'abc')).toBeNull();
      expect(await records.mcpServers.delete('abc', id)).toBe(false);
    }
  });
});

describe('bad values are described without serialising them', () => {
  it.each(['methods', 'tags'])('config.%s nested 6,000 deep is a 400 (refused by the JSON depth bound at the edge), never a 500', async (field) => {
    const { call, createAccount, records } = await adminHarness();
    const accountId = await createAccount();
    const rawBody = `{"name":"x","config":{"${field}":[${'['.repeat(6000)}"read"${']'.repeat(6000)}]}}`;
    const response = await call('POST', `/integrated-account/${accountId}/mcp`, { rawBody });
    expect(response.status).toBe(400);
    expect((await envelope(response)).message).toBe('body: nests deeper than 64 levels');
    expect(await records.mcpServers.list(accountId)).toEqual([]);
  });

  it('parseBody names the field of a value nested 100,000 deep without serialising it', () => {
    const schema = z.strictObject({ methods: z.array(z.enum(['read', 'write'])) });
    const call = () => parseBody(schema, { methods: [nested(100_000)] });
    expect(call).toThrow(HttpError);
    expect(call).toThrow('methods[0]: must be one of read, write (got an array)');
  });

  it('a long bad string is quoted cut short', async () => {
    const { call, createAccount } = await adminHarness();
    const accountId = await createAccount();
    const response = await call('POST', `/integrated-account/${accountId}/mcp`, { body: { name: 'x', config: { tags: ['y'.repeat(10_000)] } } });
    expect(response.status).toBe(400);
    const { message } = await envelope(response);
    expect(message).toMatch(/\(got "y{57}\.\.\."\)$/);
  });
});
