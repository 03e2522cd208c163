import { createSecretBox, type SecretBox } from '../crypto.ts';
import type { Store } from '../store/store.ts';
import { createAccountRepository, DEFAULT_ACCOUNT_ID, type AccountRepository } from './accounts.ts';
import { createApiTokenRepository, type ApiTokenRepository } from './api-tokens.ts';
import { createMcpAccess, type ResolveMcpRequest } from './mcp-access.ts';
import { createMcpServerRepository, type McpServerRepository } from './mcp-servers.ts';

export { DEFAULT_ACCOUNT_ID } from './accounts.ts';
export type { AccountCredentials, AccountInput, IntegratedAccount } from './accounts.ts';
export type { ApiToken } from './api-tokens.ts';
export type { McpAccess, McpAccessFailureReason } from './mcp-access.ts';
export type { McpServer, McpServerConfig, McpServerInput, McpServerPatch } from './mcp-servers.ts';

export interface RecordsOptions {
  store: Store;
  /** 32 bytes as base64 or hex; seals account secrets at rest. */
  encryptionKey: string;
  /** Name of the setting the key came from, for error messages (`ENCRYPTION_KEY`). */
  encryptionKeyName?: string;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

export interface SweepResult {
  mcpServers: number;
  apiTokens: number;
}

export interface Records {
  store: Store;
  /** The clock every record is stamped with; the admin API checks expiries against it. */
  now: () => number;
  accounts: AccountRepository;
  /** The key that seals secrets at rest, for other records that hold one (a person's Rose Rocket tokens). */
  secrets: SecretBox;
  mcpServers: McpServerRepository;
  apiTokens: ApiTokenRepository;
  /** Deletes an account and everything bound to it. */
  deleteAccount(id: string): Promise<boolean>;
  resolveMcpRequest: ResolveMcpRequest;
  /** One pass of the expiry and orphan sweep. */
  sweep(): Promise<SweepResult>;
  /**
   * Runs `sweep`, then each of `also` (other keepers of expiring records: the OAuth server's), every
   * `intervalMs` on one unref'd timer, never two passes at once; returns the stop function.
   */
  startExpirySweep(intervalMs: number, onError?: (error: unknown) => void, also?: ReadonlyArray<() => Promise<unknown>>): () => void;
}

export async function createRecords({ store, encryptionKey, encryptionKeyName, now = Date.now }: RecordsOptions): Promise<Records> {
  const box = await createSecretBox(encryptionKey, encryptionKeyName);
  const accounts = createAccountRepository(store, box, now);
  const mcpServers = createMcpServerRepository(store, now);
  const apiTokens = createApiTokenRepository(store, now);

  async function sweep(): Promise<SweepResult> {
    const known = new Map<string, boolean>();
    const accountExists = async (id: string) => {
      if (!known.has(id)) known.set(id, (await accounts.get(id)) !== null);
      return known.get(id)!;
    };
    return { mcpServers: await mcpServers.sweep(accountExists), apiTokens: await apiTokens.sweep(accountExists) };
  }

  return {
    store,
    now,
    accounts,
    secrets: box,
    mcpServers,
    apiTokens,
    async deleteAccount(id) {
      if (id === DEFAULT_ACCOUNT_ID) throw new Error('the default account comes from configuration and cannot be deleted');
      // The account record goes first: every server of it is refused from that instant
      // (the access check reads the account), and a crash before the cleanup below
      // leaves only orphans, which the sweep removes.
      if (!(await accounts.delete(id))) return false;
      await mcpServers.deleteAllOf(id);
      await apiTokens.deleteAllOf(id);
      return true;
    },
    resolveMcpRequest: createMcpAccess({ accounts, mcpServers, apiTokens }),
    sweep,
    startExpirySweep(intervalMs, onError = (error) => console.error(JSON.stringify({ level: 'error', msg: 'expiry sweep failed', error: String(error) })), also = []) {
      let running = false;
      // Records first: the others judge what they keep by the records left (an OAuth grant is its MCP server).
      const pass = async () => {
        for (const step of [sweep, ...also]) await step().catch(onError);
      };
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        pass().finally(() => {
          running = false;
        });
      }, intervalMs);
      (timer as { unref?: () => void }).unref?.();
      return () => clearInterval(timer);
    },
  };
}
