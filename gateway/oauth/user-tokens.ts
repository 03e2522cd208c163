import { z } from 'zod';
import { isPlainObject } from '../../tools/define.ts';
import type { SecretBox } from '../crypto.ts';
import { checked, readRecord } from '../records/codec.ts';
import type { Store } from '../store/store.ts';
import type { TokenSourceContext } from '../upstream/client.ts';
import { UpstreamAuthError } from '../upstream/errors.ts';
import type { TokenSource } from '../upstream/token.ts';
import { exchange, parseJson } from '../upstream/transport.ts';

/**
 * A person's own Rose Rocket tokens, for a connection whose person signed in
 * at Rose Rocket: kept sealed (AES-GCM, the account secrets' key) under the
 * connection's MCP server id, refreshed with the sign-in's client when the
 * access token runs out or Rose Rocket refuses it, and deleted with the
 * connection.
 *
 * Instances sharing the store refresh a person's tokens one at a time: each
 * stored pair has a version, and refreshing version n takes a claim that only
 * one instance gets (the store's atomic `setIfAbsent`). The others wait for
 * version n+1 and use it: with rotating refresh tokens, a second refresh with
 * the same refresh token would fail, or revoke the first one's tokens.
 */

export interface RoseRocketTokens {
  access_token: string;
  refresh_token: string | null;
  /** Milliseconds since the epoch. */
  expires_at: number;
}

/** Stored tokens and their version: 0 as signed in, one more at each refresh. */
export interface VersionedTokens {
  tokens: RoseRocketTokens;
  version: number;
}

export const stored = z.object({ sealed: z.string().min(1), version: z.number().int().nonnegative().default(0) });
const opened = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).nullable(), expires_at: z.number() });
export const refreshClaim = z.object({ expires_at: z.iso.datetime({ offset: true }) });
/** Where a connection's person tokens are kept: this prefix, then the connection's MCP server id. */
export const PERSON_TOKENS_PREFIX = 'oauth:rose-rocket-user:';
const key = (serverId: string) => `${PERSON_TOKENS_PREFIX}${serverId}`;
/** One claim per version and attempt; it carries an expiry, so the OAuth sweep removes it once spent. */
const claimKey = (serverId: string, version: number, attempt: number) => `oauth:rose-rocket-refresh:${serverId}:${version}:${attempt}`;
const context = (serverId: string) => `rose-rocket-user:${serverId}`;
/** Renew this long before Rose Rocket's stated expiry. */
const MARGIN_MS = 60_000;
/** How often an instance waiting for another's refresh reads the store again. */
const POLL_MS = 50;
/** Claims taken over from holders that did not finish, before giving up. */
const MAX_ATTEMPTS = 4;

/** Reads a token endpoint's answer; throws `UpstreamAuthError` saying why it is not tokens. */
export function tokensFrom(status: number, text: string, now: number): RoseRocketTokens {
  const json = parseJson(text);
  const body = json.ok && isPlainObject(json.value) ? json.value : {};
  if (status < 200 || status > 299 || typeof body.access_token !== 'string' || !body.access_token) {
    const said = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 200)}` : '';
    throw new UpstreamAuthError(status, `Rose Rocket's auth server refused the person's sign-in (${status})${said}`);
  }
  const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 30 * 60_000;
  return { access_token: body.access_token, refresh_token: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : null, expires_at: now + lifetime };
}

export function userTokenStore(store: Store, box: SecretBox) {
  const sealed = async (serverId: string, tokens: RoseRocketTokens, version: number) =>
    checked(stored, { sealed: await box.seal(JSON.stringify(tokens), context(serverId)), version }, 'person tokens');
  return {
    /** The tokens a sign-in brought, as version 0. */
    async save(serverId: string, tokens: RoseRocketTokens): Promise<void> {
      await store.set(key(serverId), await sealed(serverId, tokens, 0));
    },
    /** A refresh's tokens, as `version`; `false` when the connection is gone meanwhile (it is not brought back). */
    async replace(serverId: string, tokens: RoseRocketTokens, version: number): Promise<boolean> {
      return store.replace(key(serverId), await sealed(serverId, tokens, version));
    },
    async load(serverId: string): Promise<VersionedTokens | null> {
      const record = await readRecord(store, key(serverId), stored);
      return record && { tokens: opened.parse(JSON.parse(await box.open(record.sealed, context(serverId)))), version: record.version };
    },
    async drop(serverId: string): Promise<void> {
      await store.delete(key(serverId));
    },
    /** Claims the refresh of `version` (its `attempt`-th try): `true` for exactly one caller, on any instance. */
    claimRefresh: (serverId: string, version: number, attempt: number, until: number) =>
      store.setIfAbsent(claimKey(serverId, version, attempt), checked(refreshClaim, { expires_at: new Date(until).toISOString() }, 'refresh claim')),
    /** Sealed for a code in flight, before its connection (and so its id) exists. */
    seal: (tokens: RoseRocketTokens, codeContext: string) => box.seal(JSON.stringify(tokens), codeContext),
    unseal: async (sealed: string, codeContext: string) => opened.parse(JSON.parse(await box.open(sealed, codeContext))),
  };
}

export type UserTokenStore = ReturnType<typeof userTokenStore>;

const gone = () => new UpstreamAuthError(401, "this connection's Rose Rocket sign-in is gone; sign in again from the client");

/**
 * The token source of a person's connection, for the upstream client: the
 * stored access token while it lasts, then the refresh token through the
 * sign-in's client (`refresh_token` grant), the new pair stored again, one
 * instance at a time (see above).
 */
export function userTokenSource(
  tokens: UserTokenStore,
  serverId: string,
  client: { clientId: string; clientSecret: string; orgId: string },
): (ctx: TokenSourceContext) => TokenSource {
  return (ctx) => {
    let current: VersionedTokens | null = null;
    /** An access token Rose Rocket refused: not handed out again, whatever its stated expiry. */
    let refused: string | null = null;
    let inflight: Promise<string> | undefined;
    const tokenUrl = `${ctx.authUrl.replace(/\/+$/, '')}/oauth/token`;
    // A claim outlives the holder's exchange (bounded by the upstream timeout): past it, the holder is taken for dead.
    const claimMs = ctx.timeoutMs + 2000;
    const usable = (held: VersionedTokens) => held.tokens.access_token !== refused && ctx.now() < held.tokens.expires_at - MARGIN_MS;

    /** This instance holds the claim on `held.version`: trade its refresh token, store the pair as the next version. */
    async function exchangeFor(held: VersionedTokens): Promise<string> {
      const refreshToken = held.tokens.refresh_token;
      if (!refreshToken) throw new UpstreamAuthError(401, 'the Rose Rocket sign-in has expired; sign in again from the client');
      const answer = await exchange(
        ctx.send,
        {
          method: 'POST',
          url: tokenUrl,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ grant_type: 'refresh_token', client_id: client.clientId, client_secret: client.clientSecret, refresh_token: refreshToken, org_id: client.orgId }),
        },
        ctx.timeoutMs,
        `POST ${tokenUrl}`,
      );
      const next = tokensFrom(answer.status, answer.text, ctx.now());
      current = { tokens: { ...next, refresh_token: next.refresh_token ?? refreshToken }, version: held.version + 1 };
      if (!(await tokens.replace(serverId, current.tokens, current.version))) throw gone();
      return current.tokens.access_token;
    }

    /** Another instance holds the claim: the newer version once it is stored, or `null` if none came within the claim's time. */
    async function newerThan(version: number): Promise<VersionedTokens | null> {
      const giveUpAt = Date.now() + claimMs;
      while (Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const latest = await tokens.load(serverId);
        if (!latest) throw gone();
        if (latest.version > version) return latest;
      }
      return null;
    }

    async function refresh(held: VersionedTokens): Promise<string> {
      for (let attempt = 0; ; attempt++) {
        if (attempt === MAX_ATTEMPTS) throw new UpstreamAuthError(503, 'another gateway instance is refreshing this Rose Rocket sign-in and has not finished; try again');
        if (await tokens.claimRefresh(serverId, held.version, attempt, ctx.now() + claimMs)) return exchangeFor(held);
        const newer = await newerThan(held.version);
        if (!newer) continue; // the holder died: the next attempt's claim is free
        current = newer;
        if (usable(newer)) return newer.tokens.access_token;
        held = newer;
        attempt = -1;
      }
    }

    async function obtain(): Promise<string> {
      if (current && usable(current)) return current.tokens.access_token;
      // Read again before refreshing: another instance may have refreshed already.
      current = await tokens.load(serverId);
      if (!current) throw gone();
      if (usable(current)) return current.tokens.access_token;
      return refresh(current);
    }

    return {
      get() {
        inflight ??= obtain().finally(() => {
          inflight = undefined;
        });
        return inflight;
      },
      invalidate(token) {
        if (current?.tokens.access_token === token) refused = token;
      },
      secrets: () => [client.clientSecret, current?.tokens.access_token, current?.tokens.refresh_token].filter((s): s is string => !!s),
    };
  };
}
