import { z } from 'zod';
import { randomId, randomToken, sha256Hex } from '../crypto.ts';
import type { Store } from '../store/store.ts';
import { checked, DANGLING_INDEX_GRACE_MS, readRecord, recordIndex } from './codec.ts';
import { RECORD_ID, recordKeys } from './keys.ts';

/**
 * API tokens. An *operator* token (`integrated_account_id: null`) opens the
 * admin API; an *account* token is the second credential of that account's
 * `require_api_token_auth` servers and opens nothing else. The value is shown
 * once; the record is stored under its hash (see keys.ts), with the last four
 * characters kept so people can tell their tokens apart.
 */

export const API_TOKEN_PREFIX = 'rrapi_';
/** The id under which `ADMIN_API_KEY` is kept; rotating the variable replaces it. */
export const ENV_ADMIN_TOKEN_ID = 'env-admin';
/** The id of the operator token generated on first start; the store's create-if-absent makes it once per store, even with several instances starting together. */
export const FIRST_ADMIN_TOKEN_ID = 'first-admin';
const MIN_ADMIN_API_KEY_LENGTH = 16;
const MAX_TOKEN_LENGTH = 256;

export interface ApiToken {
  id: string;
  name: string;
  integrated_account_id: string | null;
  created_at: string;
  last4: string;
}

/** The stored document (exported for the tests that audit a store). */
export const storedToken = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  integrated_account_id: z.string().min(1).nullable(),
  created_at: z.iso.datetime({ offset: true }),
  last4: z.string(),
  token_hash: z.string().regex(/^[0-9a-f]{64}$/),
});
type StoredToken = z.output<typeof storedToken>;
/** The tombstone of a revoked `ADMIN_API_KEY`. */
export const revokedAdminKey = z.object({ revoked_at: z.iso.datetime({ offset: true }) });

function toPublic({ token_hash: _hash, ...token }: StoredToken): ApiToken {
  return token;
}

export interface ApiTokenRepository {
  create(input: { name: string; integrated_account_id: string | null }): Promise<{ apiToken: ApiToken; token: string }>;
  get(id: string): Promise<ApiToken | null>;
  list(): Promise<ApiToken[]>;
  delete(id: string): Promise<boolean>;
  /** The token's record, or `null` if it is unknown or revoked. One store read. */
  verify(token: string): Promise<ApiToken | null>;
  /**
   * Makes sure the admin API can be opened: stores `adminApiKey` when given;
   * otherwise, if no operator token exists, generates one and returns its
   * value for the entry point to print once. `null` when nothing was generated.
   */
  ensureAdminToken(adminApiKey?: string): Promise<{ id: string; token: string } | null>;
  /** Whether `adminApiKey` names an `ADMIN_API_KEY` that was revoked through the API (it then opens nothing). */
  isRevokedAdminKey(adminApiKey: string): Promise<boolean>;
  /** Purges tokens of accounts that are gone and indexes a crash left dangling. */
  sweep(accountExists: (id: string) => Promise<boolean>): Promise<number>;
  deleteAllOf(accountId: string): Promise<void>;
}

export function createApiTokenRepository(store: Store, now: () => number): ApiTokenRepository {
  async function write(id: string, name: string, accountId: string | null, token: string, claim: 'set' | 'claim'): Promise<StoredToken | null> {
    const at = new Date(now()).toISOString();
    const record = checked(
      storedToken,
      { id, name, integrated_account_id: accountId, created_at: at, last4: token.slice(-4), token_hash: await sha256Hex(token) },
      'API token',
    );
    const index = { token_hash: record.token_hash, created_at: at };
    if (claim === 'claim') {
      if (!(await store.setIfAbsent(recordKeys.apiTokenIndex(id), index))) return null;
    } else {
      await store.set(recordKeys.apiTokenIndex(id), index);
    }
    await store.set(recordKeys.apiToken(record.token_hash), record);
    return record;
  }

  async function byId(id: string): Promise<StoredToken | null> {
    if (!RECORD_ID.test(id)) return null;
    const index = await readRecord(store, recordKeys.apiTokenIndex(id), recordIndex);
    if (!index) return null;
    const record = await readRecord(store, recordKeys.apiToken(index.token_hash), storedToken);
    return record?.id === id ? record : null;
  }

  async function all(): Promise<StoredToken[]> {
    const keys = await store.keys(recordKeys.apiTokens);
    const records = await Promise.all(keys.map((key) => readRecord(store, key, storedToken)));
    return records.filter((r): r is StoredToken => r !== null);
  }

  async function remove(record: StoredToken, revoke = false): Promise<void> {
    // The tombstone first: a crash after it leaves a key that is revoked, never one that comes back.
    if (revoke && record.id === ENV_ADMIN_TOKEN_ID) await store.set(recordKeys.revokedAdminKey(record.token_hash), checked(revokedAdminKey, { revoked_at: new Date(now()).toISOString() }, 'revoked key'));
    await store.delete(recordKeys.apiToken(record.token_hash));
    await store.delete(recordKeys.apiTokenIndex(record.id));
  }

  return {
    async create({ name, integrated_account_id }) {
      const token = randomToken(API_TOKEN_PREFIX);
      const record = (await write(randomId(), name, integrated_account_id, token, 'set'))!;
      return { apiToken: toPublic(record), token };
    },

    async get(id) {
      const record = await byId(id);
      return record && toPublic(record);
    },

    async list() {
      return (await all()).map(toPublic).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    },

    async delete(id) {
      const record = await byId(id);
      if (!record) return false;
      await remove(record, true);
      return true;
    },

    async verify(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH) return null;
      const record = await readRecord(store, recordKeys.apiToken(await sha256Hex(token)), storedToken);
      return record && toPublic(record);
    },

    async ensureAdminToken(adminApiKey) {
      if (adminApiKey !== undefined) {
        if (adminApiKey.length < MIN_ADMIN_API_KEY_LENGTH || adminApiKey.length > MAX_TOKEN_LENGTH || /\s/.test(adminApiKey)) {
          throw new Error(`ADMIN_API_KEY must be ${MIN_ADMIN_API_KEY_LENGTH} to ${MAX_TOKEN_LENGTH} characters without spaces`);
        }
        const hash = await sha256Hex(adminApiKey);
        const previous = await byId(ENV_ADMIN_TOKEN_ID);
        if (previous?.token_hash === hash) return null;
        // Revoked through the API: it stays revoked (the entry says so at start); a new value is a new key.
        if ((await store.get(recordKeys.revokedAdminKey(hash))) !== null) return null;
        // A rotated key replaces the old one, which stops working at once.
        if (previous) await remove(previous);
        await write(ENV_ADMIN_TOKEN_ID, 'ADMIN_API_KEY', null, adminApiKey, 'set');
        return null;
      }
      if ((await all()).some((t) => t.integrated_account_id === null)) return null;
      const token = randomToken(API_TOKEN_PREFIX);
      const record = await write(FIRST_ADMIN_TOKEN_ID, 'first admin token', null, token, 'claim');
      return record && { id: record.id, token };
    },

    async isRevokedAdminKey(adminApiKey) {
      return (await store.get(recordKeys.revokedAdminKey(await sha256Hex(adminApiKey)))) !== null;
    },

    async sweep(accountExists) {
      let purged = 0;
      const live = new Set<string>();
      for (const record of await all()) {
        if (record.integrated_account_id !== null && !(await accountExists(record.integrated_account_id))) {
          await remove(record);
          purged++;
        } else {
          live.add(record.token_hash);
        }
      }
      for (const key of await store.keys(recordKeys.apiTokenIndexes)) {
        const index = await readRecord(store, key, recordIndex);
        if (!index || live.has(index.token_hash) || now() - Date.parse(index.created_at) < DANGLING_INDEX_GRACE_MS) continue;
        if ((await store.get(recordKeys.apiToken(index.token_hash))) === null) await store.delete(key);
      }
      return purged;
    },

    async deleteAllOf(accountId) {
      for (const record of await all()) if (record.integrated_account_id === accountId) await remove(record);
    },
  };
}
