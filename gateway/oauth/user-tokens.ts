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
 * connection's MCP server id, refreshed with the account's client when the
 * access token runs out or Rose Rocket refuses it, and deleted with the
 * connection.
 */

export interface RoseRocketTokens {
  access_token: string;
  refresh_token: string | null;
  /** Milliseconds since the epoch. */
  expires_at: number;
}

export const stored = z.object({ sealed: z.string().min(1) });
const opened = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).nullable(), expires_at: z.number() });
/** Where a connection's person tokens are kept: this prefix, then the connection's MCP server id. */
export const PERSON_TOKENS_PREFIX = 'oauth:rose-rocket-user:';
const key = (serverId: string) => `${PERSON_TOKENS_PREFIX}${serverId}`;
const context = (serverId: string) => `rose-rocket-user:${serverId}`;
/** Renew this long before Rose Rocket's stated expiry. */
const MARGIN_MS = 60_000;

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
  return {
    async save(serverId: string, tokens: RoseRocketTokens): Promise<void> {
      await store.set(key(serverId), checked(stored, { sealed: await box.seal(JSON.stringify(tokens), context(serverId)) }, 'person tokens'));
    },
    async load(serverId: string): Promise<RoseRocketTokens | null> {
      const record = await readRecord(store, key(serverId), stored);
      return record && opened.parse(JSON.parse(await box.open(record.sealed, context(serverId))));
    },
    async drop(serverId: string): Promise<void> {
      await store.delete(key(serverId));
    },
    /** Sealed for a code in flight, before its connection (and so its id) exists. */
    seal: (tokens: RoseRocketTokens, codeContext: string) => box.seal(JSON.stringify(tokens), codeContext),
    unseal: async (sealed: string, codeContext: string) => opened.parse(JSON.parse(await box.open(sealed, codeContext))),
  };
}

export type UserTokenStore = ReturnType<typeof userTokenStore>;

/**
 * The token source of a person's connection, for the upstream client: the
 * stored access token while it lasts, then the refresh token through the
 * account's client (`refresh_token` grant), the new pair stored again.
 */
export function userTokenSource(
  tokens: UserTokenStore,
  serverId: string,
  client: { clientId: string; clientSecret: string; orgId: string },
): (ctx: TokenSourceContext) => TokenSource {
  return (ctx) => {
    let current: RoseRocketTokens | null = null;
    let inflight: Promise<string> | undefined;
    const tokenUrl = `${ctx.authUrl.replace(/\/+$/, '')}/oauth/token`;

    async function refresh(refreshToken: string): Promise<string> {
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
      current = { ...next, refresh_token: next.refresh_token ?? refreshToken };
      await tokens.save(serverId, current);
      return current.access_token;
    }

    async function obtain(): Promise<string> {
      current ??= await tokens.load(serverId);
      if (!current) throw new UpstreamAuthError(401, 'this connection\'s Rose Rocket sign-in is gone; sign in again from the client');
      if (ctx.now() < current.expires_at - MARGIN_MS) return current.access_token;
      if (!current.refresh_token) throw new UpstreamAuthError(401, 'the Rose Rocket sign-in has expired; sign in again from the client');
      return refresh(current.refresh_token);
    }

    return {
      get() {
        inflight ??= obtain().finally(() => {
          inflight = undefined;
        });
        return inflight;
      },
      invalidate(token) {
        if (current?.access_token === token) current = { ...current, expires_at: 0 };
      },
      secrets: () => [client.clientSecret, current?.access_token, current?.refresh_token].filter((s): s is string => !!s),
    };
  };
}
