import * as nodeCrypto from 'node:crypto';

/**
 * Tokens, lookup hashes and secrets at rest, with WebCrypto (and node:crypto's
 * hash, which Deno provides too) so the same code runs on Node, Deno and
 * fetch-handler hosts.
 *
 * Tokens are never stored: only their SHA-256 is, and lookups go by that hash
 * as a store key, so no code path compares a presented token byte by byte.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return null;
  try {
    const binary = atob(normalized);
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

function fromHex(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

const TOKEN_BYTES = 32;

/** A fresh secret token: `<prefix><32 random bytes, base64url>`, e.g. `rrmcp_3q2…`. */
export function randomToken(prefix = ''): string {
  return prefix + toBase64Url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/** A record id: 128 random bits, URL-safe. */
export function randomId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Node's one-shot hash (Node 20.12+, Deno), where it exists: under load a
 * `Hash` object made, fed and digested per request cost ~7 µs (the profile of
 * `npm run bench`), the one-shot a third of that. Looked up on the namespace,
 * since older Node 20 releases lack it.
 */
const oneShotHash = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;

/**
 * Hex SHA-256 of a UTF-8 string: the key a token is stored and looked up under.
 * Every MCP request hashes its token, so this hashes in place: WebCrypto's
 * digest is a round trip through the thread pool.
 */
export async function sha256Hex(text: string): Promise<string> {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The encryption key given in configuration is missing or malformed. */
export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';
}

/** A sealed secret could not be opened: wrong key, or the ciphertext was altered. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

/** Sealed secrets carry a version so the format can change without guessing. */
const SEALED_PREFIX = 'v1.';
const IV_BYTES = 12;
/** Opened secrets remembered per box: one per account is all the hot path needs. */
const MAX_OPENED = 256;

/**
 * AES-256-GCM over one key. `context` is bound as additional data, so a
 * ciphertext copied onto another record (another account id) fails to open
 * instead of lending that record its secret.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

/**
 * Imports a 32-byte key given as 64 hex characters or as base64/base64url.
 * Anything else throws `EncryptionKeyError` naming what was wrong, so a bad
 * key stops the gateway at start instead of at the first secret.
 */
export async function createSecretBox(keyText: string, keyName = 'encryption key'): Promise<SecretBox> {
  const text = keyText.trim();
  if (!text) throw new EncryptionKeyError(`${keyName} is empty; give 32 random bytes as base64 or 64 hex characters`);
  const raw = /^[0-9a-fA-F]{64}$/.test(text) ? fromHex(text) : fromBase64(text);
  if (!raw) throw new EncryptionKeyError(`${keyName} is neither hex nor base64`);
  if (raw.length !== 32) {
    throw new EncryptionKeyError(`${keyName} must decode to 32 bytes (AES-256), got ${raw.length}`);
  }
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const opened = new Map<string, string>();

  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const params = { name: 'AES-GCM', iv, additionalData: encoder.encode(context) };
      const ciphertext = new Uint8Array(await crypto.subtle.encrypt(params, key, encoder.encode(plaintext)));
      return `${SEALED_PREFIX}${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
    },
    async open(sealed, context) {
      // A sealed text never changes (re-sealing makes a new IV), so an opened one can be remembered.
      const memoKey = `${context}\n${sealed}`;
      const known = opened.get(memoKey);
      if (known !== undefined) return known;
      const plaintext = await openSealed(sealed, context);
      if (opened.size >= MAX_OPENED) opened.delete(opened.keys().next().value!);
      opened.set(memoKey, plaintext);
      return plaintext;
    },
  };

  async function openSealed(sealed: string, context: string): Promise<string> {
    const [ivText, dataText] = sealed.startsWith(SEALED_PREFIX) ? sealed.slice(SEALED_PREFIX.length).split('.') : [];
    const iv = ivText === undefined ? null : fromBase64(ivText);
    const data = dataText === undefined ? null : fromBase64(dataText);
    if (!iv || iv.length !== IV_BYTES || !data) throw new DecryptionError('sealed secret is malformed');
    try {
      const params = { name: 'AES-GCM', iv, additionalData: encoder.encode(context) };
      return decoder.decode(await crypto.subtle.decrypt(params, key, data));
    } catch {
      throw new DecryptionError(`cannot decrypt a stored secret: the ${keyName} is not the one it was sealed with`);
    }
  }
}
