import { z } from 'zod';
import { randomId, randomToken, sha256Hex } from '../crypto.ts';
import { derivedOnce } from '../store/frozen.ts';
import type { Store } from '../store/store.ts';
import { checked, DANGLING_INDEX_GRACE_MS, readRecord, recordIndex } from './codec.ts';
import { RECORD_ID, recordKeys } from './keys.ts';

/**
 * MCP servers: capability URLs bound to one integrated account, each with
 * its own filter and expiry. The token is returned once by `create` and only
 * its hash is kept; the record is stored under that hash (see keys.ts).
 *
 * Expired records are purged wherever they are met (lookup, get, list) and by
 * `sweep`, so an expired URL answers like an unknown one.
 */

export const MCP_TOKEN_PREFIX = 'rrmcp_';

export interface McpServerConfig {
  methods: string[];
  tags: string[];
  require_api_token_auth: boolean;
  /** Tool calls allowed per window; `null` none; absent, the operator's `MCP_RATE_LIMIT`. */
  rate_limit?: { requests: number; per_seconds: number } | null;
}

/** Marks a server made by approving an OAuth client (gateway/oauth/): who asked, and where its answers go. */
export interface McpServerOAuth {
  client_id: string;
  client_name: string;
  redirect_uri: string;
  /** The connection calls Rose Rocket with the tokens of the person who signed in there, not the account's. */
  rose_rocket_user?: boolean;
}

export interface McpServer {
  id: string;
  name: string;
  integrated_account_id: string;
  config: McpServerConfig;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** Present only on an OAuth connection; such a server has no URL of its own. */
  oauth?: McpServerOAuth;
}

export interface McpServerInput {
  name: string;
  config: McpServerConfig;
  expires_at: string | null;
  oauth?: McpServerOAuth;
}

/** Fields left out (or `undefined`) keep their value; `expires_at: null` clears the expiry. */
export interface McpServerPatch {
  name?: string | undefined;
  config?: Partial<McpServerConfig> | undefined;
  expires_at?: string | null | undefined;
}

/** The stored document (exported for the tests that audit a store). */
export const storedServer = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  integrated_account_id: z.string().min(1),
  config: z.object({
    methods: z.array(z.string()),
    tags: z.array(z.string()),
    require_api_token_auth: z.boolean(),
    rate_limit: z.object({ requests: z.number().int().positive(), per_seconds: z.number().int().positive() }).nullable().optional(),
  }),
  expires_at: z.iso.datetime({ offset: true }).nullable(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  token_hash: z.string().regex(/^[0-9a-f]{64}$/),
  oauth: z.object({ client_id: z.string().min(1), client_name: z.string().min(1), redirect_uri: z.string().min(1), rose_rocket_user: z.boolean().optional() }).optional(),
});
type StoredServer = z.output<typeof storedServer>;

function toPublic({ token_hash: _hash, ...server }: StoredServer): McpServer {
  return server;
}

/**
 * The public view of a record the store hands out shared and frozen (see
 * codec.ts), made once: every MCP request looks its server up.
 */
const publicView = derivedOnce((server: StoredServer): McpServer => Object.freeze(toPublic(server)));

/** Tokens are ~50 characters; anything far longer is not one and is not worth hashing. */
const MAX_TOKEN_LENGTH = 256;

export interface McpServerRepository {
  create(accountId: string, input: McpServerInput): Promise<{ server: McpServer; token: string }>;
  get(accountId: string, id: string): Promise<McpServer | null>;
  list(accountId: string): Promise<McpServer[]>;
  /** `null` when the server does not exist (or was revoked meanwhile). */
  update(accountId: string, id: string, patch: McpServerPatch): Promise<McpServer | null>;
  delete(accountId: string, id: string): Promise<boolean>;
  /** The server a URL token names, or `null` if unknown, revoked or expired (an expired one is purged). */
  findByToken(token: string): Promise<McpServer | null>;
  /**
   * Purges every expired server, every server whose account is gone, and
   * indexes a crash left pointing at nothing. Returns how many servers were purged.
   */
  sweep(accountExists: (id: string) => Promise<boolean>): Promise<number>;
  /** Revokes every server of an account (after the account itself is gone). */
  deleteAllOf(accountId: string): Promise<void>;
}

export function createMcpServerRepository(store: Store, now: () => number): McpServerRepository {
  const isExpired = (server: StoredServer) => server.expires_at !== null && Date.parse(server.expires_at) <= now();

  async function purge(server: StoredServer): Promise<void> {
    await store.delete(recordKeys.mcpServer(server.token_hash));
    await store.delete(recordKeys.mcpServerIndex(server.integrated_account_id, server.id));
  }

  /** `rate_limit` as stored: left out when it follows the operator's default. */
  const rateLimitOf = (rate: McpServerConfig['rate_limit']) => (rate === undefined ? {} : { rate_limit: rate });

  /** What could never be an id names no record, and is never made into a store key. */
  const isIds = (accountId: string, id: string) => RECORD_ID.test(accountId) && RECORD_ID.test(id);

  /** Follows an index to its record; a dangling index or a record of another account reads as absent. */
  async function resolveIndex(indexKey: string, accountId: string): Promise<StoredServer | null> {
    const index = await readRecord(store, indexKey, recordIndex);
    if (!index) return null;
    const server = await readRecord(store, recordKeys.mcpServer(index.token_hash), storedServer);
    if (!server || server.integrated_account_id !== accountId) return null;
    if (isExpired(server)) {
      await purge(server);
      return null;
    }
    return server;
  }

  return {
    async create(accountId, input) {
      const token = randomToken(MCP_TOKEN_PREFIX);
      const at = new Date(now()).toISOString();
      const record = checked(
        storedServer,
        { id: randomId(), ...input, integrated_account_id: accountId, created_at: at, updated_at: at, token_hash: await sha256Hex(token) },
        'MCP server',
      );
      await store.set(recordKeys.mcpServerIndex(accountId, record.id), { token_hash: record.token_hash, created_at: at });
      await store.set(recordKeys.mcpServer(record.token_hash), record);
      return { server: toPublic(record), token };
    },

    async get(accountId, id) {
      if (!isIds(accountId, id)) return null;
      const server = await resolveIndex(recordKeys.mcpServerIndex(accountId, id), accountId);
      return server && toPublic(server);
    },

    async list(accountId) {
      const keys = await store.keys(recordKeys.mcpServerIndexes(accountId));
      const servers = await Promise.all(keys.map((key) => resolveIndex(key, accountId)));
      return servers
        .filter((s): s is StoredServer => s !== null)
        .map(toPublic)
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    },

    async update(accountId, id, patch) {
      if (!isIds(accountId, id)) return null;
      const current = await resolveIndex(recordKeys.mcpServerIndex(accountId, id), accountId);
      if (!current) return null;
      const next = checked(
        storedServer,
        {
          ...current,
          name: patch.name ?? current.name,
          config: {
            methods: patch.config?.methods ?? current.config.methods,
            tags: patch.config?.tags ?? current.config.tags,
            require_api_token_auth: patch.config?.require_api_token_auth ?? current.config.require_api_token_auth,
            ...rateLimitOf(patch.config?.rate_limit === undefined ? current.config.rate_limit : patch.config.rate_limit),
          },
          expires_at: patch.expires_at === undefined ? current.expires_at : patch.expires_at,
          updated_at: new Date(now()).toISOString(),
        },
        'MCP server',
      );
      if (!(await store.replace(recordKeys.mcpServer(current.token_hash), next))) return null;
      return toPublic(next);
    },

    async delete(accountId, id) {
      if (!isIds(accountId, id)) return false;
      const server = await resolveIndex(recordKeys.mcpServerIndex(accountId, id), accountId);
      if (!server) return false;
      await purge(server);
      return true;
    },

    async findByToken(token) {
      if (!token.startsWith(MCP_TOKEN_PREFIX) || token.length > MAX_TOKEN_LENGTH) return null;
      const server = await readRecord(store, recordKeys.mcpServer(await sha256Hex(token)), storedServer);
      if (!server) return null;
      if (isExpired(server)) {
        await purge(server);
        return null;
      }
      return publicView(server);
    },

    async sweep(accountExists) {
      let purged = 0;
      for (const key of await store.keys(recordKeys.mcpServers)) {
        const server = await readRecord(store, key, storedServer);
        // The account is checked after the server is read: accounts exist before their servers, so "gone" here is final.
        if (server && (isExpired(server) || !(await accountExists(server.integrated_account_id)))) {
          await purge(server);
          purged++;
        }
      }
      // Indexes whose record is gone: a crash between the two writes of create or delete.
      for (const key of await store.keys(recordKeys.allMcpServerIndexes)) {
        const index = await readRecord(store, key, recordIndex);
        if (!index || now() - Date.parse(index.created_at) < DANGLING_INDEX_GRACE_MS) continue;
        if ((await store.get(recordKeys.mcpServer(index.token_hash))) === null) await store.delete(key);
      }
      return purged;
    },

    async deleteAllOf(accountId) {
      for (const key of await store.keys(recordKeys.mcpServerIndexes(accountId))) {
        const index = await readRecord(store, key, recordIndex);
        if (index) await store.delete(recordKeys.mcpServer(index.token_hash));
        await store.delete(key);
      }
    },
  };
}
