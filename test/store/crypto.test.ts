import { describe, expect, it } from 'vitest';
import { createSecretBox, DecryptionError, EncryptionKeyError, randomId, randomToken, sha256Hex } from '../../gateway/crypto.ts';

const KEY_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const KEY_B64 = Buffer.from(KEY_HEX, 'hex').toString('base64');
const OTHER_KEY = Buffer.alloc(32, 7).toString('base64');

describe('crypto', () => {
  it('makes prefixed 32-byte base64url tokens that never repeat', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => randomToken('rrmcp_')));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^rrmcp_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(6), 'base64url')).toHaveLength(32);
    }
    expect(randomId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('hashes with SHA-256 in hex', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('seals and opens a secret with a hex or base64 key, never storing the plaintext', async () => {
    const box = await createSecretBox(KEY_HEX);
    const sealed = await box.seal('s3cret-client-secret', 'account-1');
    expect(sealed).not.toContain('s3cret');
    expect(sealed).toMatch(/^v1\./);
    expect(await (await createSecretBox(KEY_B64)).open(sealed, 'account-1')).toBe('s3cret-client-secret');
    expect(await box.seal('same', 'a')).not.toBe(await box.seal('same', 'a'));
  });

  it('fails loudly with the wrong key, another record\'s context, or altered ciphertext', async () => {
    const sealed = await (await createSecretBox(KEY_HEX)).seal('secret', 'account-1');
    const wrong = await createSecretBox(OTHER_KEY, 'GATEWAY_ENCRYPTION_KEY');
    await expect(wrong.open(sealed, 'account-1')).rejects.toThrow(DecryptionError);
    await expect(wrong.open(sealed, 'account-1')).rejects.toThrow(/GATEWAY_ENCRYPTION_KEY is not the one/);
    const box = await createSecretBox(KEY_HEX);
    await expect(box.open(sealed, 'account-2')).rejects.toThrow(DecryptionError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    await expect(box.open(tampered, 'account-1')).rejects.toThrow(DecryptionError);
    await expect(box.open('garbage', 'account-1')).rejects.toThrow(/malformed/);
  });

  it('rejects keys that are empty, not base64/hex, or not 32 bytes', async () => {
    await expect(createSecretBox('', 'K')).rejects.toThrow(EncryptionKeyError);
    await expect(createSecretBox('not a key!', 'K')).rejects.toThrow(/K is neither hex nor base64/);
    await expect(createSecretBox(Buffer.alloc(16).toString('base64'), 'K')).rejects.toThrow(/K must decode to 32 bytes .* got 16/);
  });
});
