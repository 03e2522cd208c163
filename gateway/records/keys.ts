/**
 * Where each record lives in the store, and why writes happen in the order they do.
 *
 * Every record is one JSON document under one *primary* key; the other keys
 * are *indexes* that point at it. The store has no multi-key transaction, so:
 *
 * - a record is validated whole before anything is written;
 * - on create, indexes are written first and the primary last: a crash in
 *   between leaves an index pointing at nothing, which every reader treats as
 *   absent (and the sweep removes), never a primary without its indexes;
 * - on delete, the primary goes first, so revocation is one atomic step and a
 *   crash afterwards leaves only a dangling index;
 * - updates rewrite the primary alone, with `replace`, which refuses a key
 *   deleted in the meantime: an update racing a revocation cannot undo it.
 *
 * Token-bearing records are keyed by the token's SHA-256, so the hot path
 * (`/mcp/:token`, API-token checks) is one read, and no code compares tokens.
 */
export const recordKeys = {
  account: (id: string) => `account:${id}`,
  accounts: 'account',

  mcpServer: (tokenHash: string) => `mcp:by-token:${tokenHash}`,
  mcpServers: 'mcp:by-token',
  /** Index: account + server id → token hash, for the admin routes and listings. */
  mcpServerIndex: (accountId: string, id: string) => `mcp:by-account:${accountId}:${id}`,
  mcpServerIndexes: (accountId: string) => `mcp:by-account:${accountId}`,
  allMcpServerIndexes: 'mcp:by-account',

  apiToken: (tokenHash: string) => `api-token:by-hash:${tokenHash}`,
  apiTokens: 'api-token:by-hash',
  /** Index: token id → token hash. */
  apiTokenIndex: (id: string) => `api-token:by-id:${id}`,
  apiTokenIndexes: 'api-token:by-id',
  /** Tombstone of a revoked `ADMIN_API_KEY`, by the key's hash: the same variable must not bring it back at the next start. */
  revokedAdminKey: (tokenHash: string) => `api-token:revoked-admin-key:${tokenHash}`,
} as const;

/** Ids are generated base64url; anything else from a URL can't name a record and is not looked up. */
export const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
