import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ToolDefinition } from '../../tools/define.ts';
import { randomToken, sha256Hex } from '../crypto.ts';
import { HttpError } from '../http-error.ts';
import type { Logger } from '../log.ts';
import { checked, readRecord } from '../records/codec.ts';
import type { Records } from '../records/index.ts';
import { DEFAULT_AUDIENCE } from '../upstream/token.ts';
import { redirectBack, type AuthorizationRequest } from './authorization-request.ts';
import type { GrantStore } from './grants.ts';
import { sha256Base64Url } from './pkce.ts';
import { signInSettings } from './sign-in-setting.ts';
import { tokensFrom, type UserTokenStore } from './user-tokens.ts';

/**
 * "Sign in with Rose Rocket": an account may let OAuth connections sign in
 * at Rose Rocket itself instead of being approved with an operator token.
 * The operator sets, per account, the most such a connection may do
 * (methods, tags; sign-in-setting.ts); the person is sent to the account's auth server
 * (authorization code with PKCE, `audience`, `org_id`), and the connection
 * then calls Rose Rocket with that person's own tokens (user-tokens.ts).
 */

const pendingKey = (hash: string) => `oauth:sign-in-state:${hash}`;
const PENDING_MS = 10 * 60_000;
export const storedPending = z.object({
  account_id: z.string().min(1),
  verifier: z.string().min(43),
  client_id: z.string().min(1),
  client_name: z.string().min(1),
  redirect_uri: z.string().min(1),
  state: z.string().nullable(),
  code_challenge: z.string().min(1),
  resource: z.string().min(1),
  expires_at: z.iso.datetime({ offset: true }),
});

export interface SignInDeps {
  records: Records;
  tools: readonly ToolDefinition[];
  grants: GrantStore;
  userTokens: UserTokenStore;
  issuer: string;
  logger: Logger;
  fetch: (request: Request) => Promise<Response>;
}

export function roseRocketSignIn(deps: SignInDeps) {
  const { records, logger } = deps;
  const callbackUrl = `${deps.issuer}/oauth/rose-rocket/callback`;

  const settings = signInSettings({ records, tools: deps.tools, logger });
  const setting = settings.get;

  /** Sends the person to the account's Rose Rocket sign-in; the client's request waits in the store meanwhile. */
  async function start(c: Context, request: AuthorizationRequest, accountId: string): Promise<Response | string> {
    const account = await records.accounts.credentials(accountId);
    if (!account || !(await setting(accountId))) return 'That account does not offer sign-in with Rose Rocket.';
    const client = await settings.client(account);
    const verifier = randomToken();
    const state = randomToken();
    const pending = {
      account_id: accountId,
      verifier,
      client_id: request.client.client_id,
      client_name: request.client.client_name,
      redirect_uri: request.redirect_uri,
      state: request.state,
      code_challenge: request.code_challenge,
      resource: request.resource,
      expires_at: new Date(records.now() + PENDING_MS).toISOString(),
    };
    await records.store.set(pendingKey(await sha256Hex(state)), checked(storedPending, pending, 'sign-in state'));
    const target = new URL(`${account.auth_url.replace(/\/+$/, '')}/authorize`);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: callbackUrl,
      audience: DEFAULT_AUDIENCE,
      org_id: account.org_id,
      scope: 'offline_access email profile',
      code_challenge: await sha256Base64Url(verifier),
      code_challenge_method: 'S256',
      state,
    })) target.searchParams.set(name, value);
    logger.log('info', 'oauth_sign_in_started', { client_id: request.client.client_id, account_id: accountId });
    return c.redirect(target.href, 303);
  }

  const callback = new Hono().get('/oauth/rose-rocket/callback', async (c) => {
    const state = c.req.query('state') ?? '';
    const key = state && state.length <= 100 ? pendingKey(await sha256Hex(state)) : null;
    const pending = key ? await readRecord(records.store, key, storedPending) : null;
    if (!key || !pending || Date.parse(pending.expires_at) <= records.now()) {
      logger.log('warn', 'oauth_sign_in_refused', { reason: 'unknown or expired state' });
      throw new HttpError(400, 'state: this sign-in is unknown or has expired; start again from the application');
    }
    await records.store.delete(key);
    const back = (answer: Record<string, string | null>) => c.redirect(redirectBack(pending.redirect_uri, deps.issuer, { ...answer, state: pending.state }), 303);
    const code = c.req.query('code');
    const account = await records.accounts.credentials(pending.account_id);
    const limits = await setting(pending.account_id);
    if (!code || !account || !limits) {
      logger.log('warn', 'oauth_sign_in_refused', { client_id: pending.client_id, reason: c.req.query('error') ?? 'no code, or the account or its setting is gone' });
      return back({ error: 'access_denied', error_description: 'the sign-in at Rose Rocket did not complete' });
    }
    const tokenUrl = `${account.auth_url.replace(/\/+$/, '')}/oauth/token`;
    const client = await settings.client(account);
    let tokens;
    try {
      const answer = await deps.fetch(
        new Request(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ grant_type: 'authorization_code', client_id: client.clientId, client_secret: client.clientSecret, code, code_verifier: pending.verifier, redirect_uri: callbackUrl }),
          signal: AbortSignal.timeout(15_000),
        }),
      );
      tokens = tokensFrom(answer.status, await answer.text(), records.now());
    } catch (error) {
      logger.log('warn', 'oauth_sign_in_refused', { client_id: pending.client_id, reason: error instanceof Error ? error.message : String(error) });
      return back({ error: 'access_denied', error_description: 'Rose Rocket did not accept the sign-in' });
    }
    const ourCode = await deps.grants.createCode({
      client_id: pending.client_id,
      redirect_uri: pending.redirect_uri,
      code_challenge: pending.code_challenge,
      resource: pending.resource,
      approval: {
        account_id: account.id,
        name: pending.client_name,
        methods: limits.methods,
        tags: limits.tags,
        expires_at: null,
        client_name: pending.client_name,
        person_tokens: await deps.userTokens.seal(tokens, `code:${pending.client_id}`),
      },
    });
    logger.log('info', 'oauth_sign_in_completed', { client_id: pending.client_id, account_id: account.id });
    return back({ code: ourCode });
  });

  return { setting, client: settings.client, start, admin: settings.admin, callback };
}

export type RoseRocketSignIn = ReturnType<typeof roseRocketSignIn>;
