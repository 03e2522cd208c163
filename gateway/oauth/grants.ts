import { z } from 'zod';
import { randomToken, sha256Hex } from '../crypto.ts';
import { checked, readRecord } from '../records/codec.ts';
import type { Store } from '../store/store.ts';

/**
 * What an approved OAuth client holds: authorization codes, access tokens and
 * refresh tokens, each stored under its SHA-256 only (as MCP URL tokens are),
 * and each pointing at the grant, which *is* an MCP server record: revoking
 * that record (dashboard, admin API, reuse of a rotated refresh token) ends
 * every token of the grant at once, because each use reads the record.
 *
 * Single use (codes) and rotation (refresh tokens) are decided by the store's
 * atomic `setIfAbsent` on a "used" marker: of two racing redemptions exactly
 * one wins, on any number of instances sharing the store.
 */

export const ACCESS_TOKEN_PREFIX = 'rroat_';
export const REFRESH_TOKEN_PREFIX = 'rrort_';
const CODE_PREFIX = 'rroac_';
const MAX_TOKEN_LENGTH = 256;

/** The MCP server record a grant is. */
export interface GrantRef {
  account_id: string;
  server_id: string;
  client_id: string;
}

const grantRef = {
  account_id: z.string().min(1),
  server_id: z.string().min(1),
  client_id: z.string().min(1),
};
const expiresAt = z.iso.datetime({ offset: true });

/** What the operator approved; the grant's MCP server record is made from it when the code is redeemed. */
const approval = z.object({
  account_id: z.string().min(1),
  name: z.string().min(1),
  methods: z.array(z.string()),
  tags: z.array(z.string()),
  expires_at: expiresAt.nullable(),
  client_name: z.string().min(1),
  /** A person's own Rose Rocket tokens, sealed, when they signed in there (rose-rocket-sign-in.ts). */
  person_tokens: z.string().min(1).optional(),
});
export type Approval = z.output<typeof approval>;

export const storedCode = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.string().min(1),
  code_challenge: z.string().min(1),
  resource: z.string().min(1),
  approval,
  expires_at: expiresAt,
});
export type AuthorizationCode = z.output<typeof storedCode>;

export const storedToken = z.object({ ...grantRef, expires_at: expiresAt });
export const usedMarker = z.object({ at: expiresAt, expires_at: expiresAt, grant: z.object(grantRef).optional() });

const keys = {
  code: (hash: string) => `oauth:code:${hash}`,
  codeUsed: (hash: string) => `oauth:code-used:${hash}`,
  access: (hash: string) => `oauth:access:${hash}`,
  refresh: (hash: string) => `oauth:refresh:${hash}`,
  refreshUsed: (hash: string) => `oauth:refresh-used:${hash}`,
  all: 'oauth',
};

export interface TokenLifetimes {
  codeMs: number;
  accessMs: number;
  refreshMs: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = { codeMs: 60_000, accessMs: 60 * 60_000, refreshMs: 30 * 24 * 60 * 60_000 };

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  /** Seconds. */
  expires_in: number;
}

/** Why a code or refresh token was refused; `replayed`/`reused` carry the grant they betray. */
export type Redemption<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unknown' | 'expired' }
  | { ok: false; reason: 'replayed'; grant: GrantRef };

function wellFormed(token: string, prefix: string): boolean {
  return token.startsWith(prefix) && token.length <= MAX_TOKEN_LENGTH;
}

export function createGrantStore(store: Store, now: () => number, lifetimes: TokenLifetimes = DEFAULT_LIFETIMES) {
  const at = (offsetMs = 0) => new Date(now() + offsetMs).toISOString();
  const expired = (iso: string) => Date.parse(iso) <= now();

  /** The refresh token lives no longer than the grant itself. */
  function refreshExpiry(grantExpiresAt: string | null): string {
    const limit = now() + lifetimes.refreshMs;
    return new Date(grantExpiresAt === null ? limit : Math.min(limit, Date.parse(grantExpiresAt))).toISOString();
  }

  async function issue(grant: GrantRef, grantExpiresAt: string | null): Promise<IssuedTokens> {
    const access = randomToken(ACCESS_TOKEN_PREFIX);
    const refresh = randomToken(REFRESH_TOKEN_PREFIX);
    const ref = { account_id: grant.account_id, server_id: grant.server_id, client_id: grant.client_id };
    await store.set(keys.access(await sha256Hex(access)), checked(storedToken, { ...ref, expires_at: at(lifetimes.accessMs) }, 'access token'));
    await store.set(keys.refresh(await sha256Hex(refresh)), checked(storedToken, { ...ref, expires_at: refreshExpiry(grantExpiresAt) }, 'refresh token'));
    return { access_token: access, refresh_token: refresh, expires_in: Math.floor(lifetimes.accessMs / 1000) };
  }

  /** Marks a one-time secret spent; `false` when it already was. */
  async function spend(key: string, until: string): Promise<boolean> {
    return store.setIfAbsent(key, checked(usedMarker, { at: at(), expires_at: until }, 'used marker'));
  }

  return {
    async createCode(input: Omit<AuthorizationCode, 'expires_at'>): Promise<string> {
      const code = randomToken(CODE_PREFIX);
      await store.set(keys.code(await sha256Hex(code)), checked(storedCode, { ...input, expires_at: at(lifetimes.codeMs) }, 'authorization code'));
      return code;
    },

    /**
     * Redeems a code once. The caller makes the grant and tells `bind` its
     * server, so that a second redemption, `replayed`, names the grant to
     * revoke (RFC 6749 §4.1.2: the code was stolen, and so may its tokens be).
     */
    async redeemCode(code: string): Promise<Redemption<AuthorizationCode & { bind(grant: GrantRef): Promise<void> }>> {
      if (!wellFormed(code, CODE_PREFIX)) return { ok: false, reason: 'unknown' };
      const hash = await sha256Hex(code);
      const record = await readRecord(store, keys.code(hash), storedCode);
      if (!record) return { ok: false, reason: 'unknown' };
      const marker = keys.codeUsed(hash);
      if (!(await spend(marker, record.expires_at))) {
        const used = await readRecord(store, marker, usedMarker);
        return used?.grant ? { ok: false, reason: 'replayed', grant: used.grant } : { ok: false, reason: 'unknown' };
      }
      if (expired(record.expires_at)) return { ok: false, reason: 'expired' };
      const bind = async (grant: GrantRef) => {
        await store.set(marker, checked(usedMarker, { at: at(), expires_at: record.expires_at, grant }, 'used marker'));
      };
      return { ok: true, value: { ...record, bind } };
    },

    issue,

    /** The grant an access token stands for, or `null` when it is unknown or expired. */
    async verifyAccess(token: string): Promise<GrantRef | null> {
      if (!wellFormed(token, ACCESS_TOKEN_PREFIX)) return null;
      const key = keys.access(await sha256Hex(token));
      const record = await readRecord(store, key, storedToken);
      if (!record) return null;
      if (expired(record.expires_at)) {
        await store.delete(key);
        return null;
      }
      return record;
    },

    /**
     * Trades a refresh token for a new pair (rotation). A token already traded
     * is `replayed`: someone holds a copy, so the caller revokes the grant.
     */
    async rotate(
      token: string,
      clientId: string,
      grantExpiresAt: (grant: GrantRef) => Promise<string | null | undefined>,
    ): Promise<Redemption<IssuedTokens>> {
      if (!wellFormed(token, REFRESH_TOKEN_PREFIX)) return { ok: false, reason: 'unknown' };
      const hash = await sha256Hex(token);
      const record = await readRecord(store, keys.refresh(hash), storedToken);
      // Another client's token is not spent by this one's mistake (or attempt).
      if (!record || record.client_id !== clientId) return { ok: false, reason: 'unknown' };
      if (expired(record.expires_at)) return { ok: false, reason: 'expired' };
      if (!(await spend(keys.refreshUsed(hash), record.expires_at))) return { ok: false, reason: 'replayed', grant: record };
      const grantExpiry = await grantExpiresAt(record);
      // The grant is gone (revoked, expired): the token was good for nothing.
      if (grantExpiry === undefined) return { ok: false, reason: 'unknown' };
      return { ok: true, value: await issue(record, grantExpiry) };
    },

    /**
     * Removes every code, token and marker past its expiry, and every access and refresh token
     * of a dead grant (its MCP server revoked or expired: `grantLive` says no); returns how many.
     * `keys` is the list of keys to look at, taken before the live grants were read, so a grant
     * made meanwhile (its record written before its tokens) never has its tokens taken for dead.
     */
    async sweep(keysToCheck: readonly string[], grantLive: (serverId: string) => boolean): Promise<number> {
      let purged = 0;
      for (const key of keysToCheck) {
        const value = await store.get(key);
        const record = value && typeof value === 'object' ? (value as { expires_at?: unknown; server_id?: unknown }) : undefined;
        const expiredRecord = typeof record?.expires_at === 'string' && expired(record.expires_at);
        const token = key.startsWith(keys.access('')) || key.startsWith(keys.refresh(''));
        const deadGrant = token && typeof record?.server_id === 'string' && !grantLive(record.server_id);
        if (expiredRecord || deadGrant) {
          await store.delete(key);
          purged++;
        }
      }
      return purged;
    },

    /** Every key the OAuth server keeps, for `sweep`. */
    keys: () => store.keys(keys.all),
  };
}

export type GrantStore = ReturnType<typeof createGrantStore>;
