import { z } from 'zod';
import { randomId, type SecretBox } from '../crypto.ts';
import { derivedOnce } from '../store/frozen.ts';
import type { Store } from '../store/store.ts';
import { checked, readRecord } from './codec.ts';
import { RECORD_ID, recordKeys } from './keys.ts';

/**
 * Integrated accounts: the Rose Rocket connections MCP servers are bound to.
 * `client_secret` is write-only: sealed with AES-GCM (bound to the account
 * id) before it is stored, and only `credentials()`, which feeds the upstream
 * client, ever opens it.
 */

export const DEFAULT_ACCOUNT_ID = 'default';

export interface IntegratedAccount {
  id: string;
  name: string;
  api_url: string;
  auth_url: string;
  org_id: string;
  user_id: string;
  client_id: string;
  created_at: string;
}

/** The account with its secret opened: for the upstream client, never for a response. */
export interface AccountCredentials extends IntegratedAccount {
  client_secret: string;
}

/** What creates an account: everything but what the gateway assigns. */
export type AccountInput = Omit<AccountCredentials, 'id' | 'created_at'>;

/** The stored document (exported for the tests that audit a store). */
export const storedAccount = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  api_url: z.string().min(1),
  auth_url: z.string().min(1),
  org_id: z.string().min(1),
  user_id: z.string().min(1),
  client_id: z.string().min(1),
  client_secret_sealed: z.string().min(1),
  created_at: z.string(),
});
type StoredAccount = z.output<typeof storedAccount>;

function toPublic({ client_secret_sealed: _sealed, ...account }: StoredAccount): IntegratedAccount {
  return account;
}

export interface AccountRepository {
  create(input: AccountInput): Promise<IntegratedAccount>;
  /** Creates or refreshes the `default` account from start-up configuration, keeping its creation time. */
  ensureDefault(input: AccountInput): Promise<IntegratedAccount>;
  get(id: string): Promise<IntegratedAccount | null>;
  list(): Promise<IntegratedAccount[]>;
  credentials(id: string): Promise<AccountCredentials | null>;
  /** Removes the account record alone; `createRecords().deleteAccount` also removes what hangs off it. */
  delete(id: string): Promise<boolean>;
}

export function createAccountRepository(store: Store, box: SecretBox, now: () => number): AccountRepository {
  // What could never be an id is absent, not a store key: callers outside the admin routes (the MCP path) pass ids along too.
  const read = async (id: string) => (RECORD_ID.test(id) ? readRecord(store, recordKeys.account(id), storedAccount) : null);
  /**
   * The credentials of a record the store hands out shared and frozen (the
   * fs store, while its file is unchanged): made once, since every MCP
   * request asks for them. A changed record is a new object, so a new entry.
   */
  const open = derivedOnce(
    async (record: StoredAccount): Promise<AccountCredentials> =>
      Object.freeze({ ...toPublic(record), client_secret: await box.open(record.client_secret_sealed, record.id) }),
  );

  async function seal(id: string, input: AccountInput, createdAt: string): Promise<StoredAccount> {
    const { client_secret, ...fields } = input;
    const sealed = await box.seal(client_secret, id);
    return checked(storedAccount, { ...fields, id, client_secret_sealed: sealed, created_at: createdAt }, 'integrated account');
  }

  async function sameAccount(stored: StoredAccount, input: AccountInput): Promise<boolean> {
    const { client_secret, ...fields } = input;
    const unchanged = (Object.keys(fields) as (keyof typeof fields)[]).every((field) => stored[field] === fields[field]);
    return unchanged && (await box.open(stored.client_secret_sealed, stored.id).catch(() => null)) === client_secret;
  }

  return {
    async create(input) {
      const id = randomId();
      const record = await seal(id, input, new Date(now()).toISOString());
      await store.set(recordKeys.account(id), record);
      return toPublic(record);
    },
    async ensureDefault(input) {
      const existing = await read(DEFAULT_ACCOUNT_ID);
      // Most starts bring the same settings: nothing to write (and no fsync to wait for) then.
      if (existing && (await sameAccount(existing, input))) return toPublic(existing);
      const record = await seal(DEFAULT_ACCOUNT_ID, input, existing?.created_at ?? new Date(now()).toISOString());
      await store.set(recordKeys.account(DEFAULT_ACCOUNT_ID), record);
      return toPublic(record);
    },
    async get(id) {
      const record = await read(id);
      return record && toPublic(record);
    },
    async list() {
      const keys = await store.keys(recordKeys.accounts);
      const records = await Promise.all(keys.map((key) => readRecord(store, key, storedAccount)));
      return records
        .filter((r): r is StoredAccount => r !== null)
        .map(toPublic)
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    },
    async credentials(id) {
      const record = await read(id);
      if (!record) return null;
      return open(record);
    },
    async delete(id) {
      if (!(await read(id))) return false;
      await store.delete(recordKeys.account(id));
      return true;
    },
  };
}
