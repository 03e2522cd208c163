import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { randomToken, sha256Hex } from '../crypto.ts';
import { HttpError } from '../http-error.ts';
import type { ApiToken, Records } from '../records/index.ts';

/**
 * Dashboard sign-in: an operator API token is exchanged once for a session.
 * The browser holds only a random session id, in an HttpOnly, SameSite=Strict
 * cookie (Secure over https) that expires; the store holds the id's hash, the
 * operator token's id and the session's CSRF token. The API token itself is
 * never written to a cookie, a page or a URL.
 *
 * Sessions live in the records' store, so instances sharing Redis share them;
 * revoking the operator token ends every session opened with it.
 */

export const SESSION_COOKIE = 'rrmcp_session';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** The form field every dashboard POST carries. */
export const CSRF_FIELD = 'csrf';

const sessionKey = (hash: string) => `ui-session:${hash}`;
export const storedSession = z.object({ api_token_id: z.string().min(1), csrf: z.string().min(20), expires_at: z.number() });

export interface SignedIn {
  operator: ApiToken;
  /** Put in every form as the `csrf` field; checked by `requireCsrf`. */
  csrf: string;
}

export interface UiEnv {
  Variables: { signedIn: SignedIn };
}

export interface UiSessions {
  /** `null` when the token is not an operator token (unknown, revoked, or an account's). */
  signIn(c: Context, token: string): Promise<SignedIn | null>;
  current(c: Context): Promise<SignedIn | null>;
  signOut(c: Context): Promise<void>;
}

/** Over https (directly, or behind a proxy the public URL names) the cookie is Secure. */
const isHttps = (c: Context, publicUrl: string) => new URL(c.req.url).protocol === 'https:' || publicUrl.startsWith('https:');

export function uiSessions(records: Records, publicUrl: string, ttlMs = SESSION_TTL_MS): UiSessions {
  const { store, now } = records;

  async function read(c: Context): Promise<{ key: string; session: z.output<typeof storedSession> } | null> {
    const id = getCookie(c, SESSION_COOKIE);
    if (!id || id.length > 100) return null;
    const key = sessionKey(await sha256Hex(id));
    const parsed = storedSession.safeParse(await store.get(key));
    if (!parsed.success) return null;
    if (parsed.data.expires_at <= now()) {
      await store.delete(key);
      return null;
    }
    return { key, session: parsed.data };
  }

  return {
    async signIn(c, token) {
      const operator = token.length <= 256 ? await records.apiTokens.verify(token) : null;
      if (!operator || operator.integrated_account_id !== null) return null;
      const id = randomToken();
      const csrf = randomToken();
      await store.set(sessionKey(await sha256Hex(id)), { api_token_id: operator.id, csrf, expires_at: now() + ttlMs });
      setCookie(c, SESSION_COOKIE, id, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c, publicUrl),
        maxAge: Math.floor(ttlMs / 1000),
      });
      return { operator, csrf };
    },
    async current(c) {
      const found = await read(c);
      if (!found) return null;
      const operator = await records.apiTokens.get(found.session.api_token_id);
      if (!operator || operator.integrated_account_id !== null) {
        await store.delete(found.key);
        return null;
      }
      return { operator, csrf: found.session.csrf };
    },
    async signOut(c) {
      const found = await read(c);
      if (found) await store.delete(found.key);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c, publicUrl) });
    },
  };
}

/** Equal strings compared in time that depends on their length only. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Refuses a request a browser says came from another site: an `Origin` that is
 * not this gateway's, or `Sec-Fetch-Site: cross-site`/`same-site`. Requests
 * without either header (curl, old browsers) still need the session's token.
 */
export function sameOrigin(publicUrl: string): MiddlewareHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== publicOrigin && origin !== new URL(c.req.url).origin) {
      throw new HttpError(403, `origin: a form posted from ${JSON.stringify(origin)} is refused; the dashboard only takes its own forms`);
    }
    const site = c.req.header('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') throw new HttpError(403, 'sec-fetch-site: a form posted from another site is refused');
    await next();
  };
}

/** The signed-in session's CSRF token must come back in the form. Reads the form once; handlers get it with `c.req.parseBody()` again (Hono caches it). */
export const requireCsrf: MiddlewareHandler<UiEnv> = async (c, next) => {
  const form = await c.req.parseBody();
  const sent = form[CSRF_FIELD];
  if (typeof sent !== 'string' || !sameText(sent, c.get('signedIn').csrf)) {
    throw new HttpError(403, 'csrf: the form is missing its token or it is stale; reload the page and try again');
  }
  await next();
};
