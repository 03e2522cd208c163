import { afterEach, describe, expect, it, vi } from 'vitest';

// `crypto.hash` arrived in Node 20.12; on an older Node 20 the token hash falls back to a Hash object.
describe('sha256Hex without a one-shot hash', () => {
  afterEach(() => {
    vi.doUnmock('node:crypto');
    vi.resetModules();
  });

  it('gives the same digest', async () => {
    vi.resetModules();
    vi.doMock('node:crypto', async (original) => ({ ...(await original<typeof import('node:crypto')>()), hash: undefined }));
    const { sha256Hex } = await import('./crypto.ts');
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
