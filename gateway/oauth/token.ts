import { Hono, type Context } from 'hono';
import { sha256Base64Url } from './pkce.ts';
import type { Logger } from '../log.ts';
import type { Records } from '../records/index.ts';
import { OAuthError } from './errors.ts';
import type { GrantRef, GrantStore, IssuedTokens } from './grants.ts';
import type { UserTokenStore } from './user-tokens.ts';

/**
 * `POST /oauth/token` (RFC 6749 §4.1.3, §6; OAuth 2.1): the authorization
 * code with its PKCE verifier, or a refresh token, for a new token pair.
 * Clients are public (no secret): a code is bound to its client, redirect URI
 * and PKCE challenge; a refresh token to its client. A replayed code or a
 * reused rotated refresh token revokes the whole grant: someone else holds a
 * copy, and the grant's MCP server record going away ends every token of it.
 */

export interface TokenDeps {
  grants: GrantStore;
  records: Records;
  userTokens: UserTokenStore;
  /** Ends a grant: its MCP server record and whatever hangs off it. */
  revokeGrant(accountId: string, serverId: string): Promise<boolean>;
  resource: string;
  logger: Logger;
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const MAX_BODY = 16 * 1024;

const invalidGrant = (description: string) => new OAuthError(400, 'invalid_grant', description);

async function readForm(c: Context): Promise<URLSearchParams> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError(400, 'invalid_request', `Content-Type must be application/x-www-form-urlencoded (got ${JSON.stringify(type || 'none')})`);
  }
  const text = await c.req.text();
  if (text.length > MAX_BODY) throw new OAuthError(400, 'invalid_request', `the body is larger than ${MAX_BODY} bytes`);
  return new URLSearchParams(text);
}

function required(form: URLSearchParams, name: string): string {
  const values = form.getAll(name);
  if (values.length > 1) throw new OAuthError(400, 'invalid_request', `${name}: given more than once`);
  if (!values[0]) throw new OAuthError(400, 'invalid_request', `${name}: is required`);
  return values[0];
}

export function tokenRoutes(deps: TokenDeps) {
  const { grants, records, logger } = deps;

  function checkResource(form: URLSearchParams) {
    const named = form.get('resource');
    if (named !== null && named !== deps.resource) {
      throw new OAuthError(400, 'invalid_target', `resource: this server is ${deps.resource}; tokens for ${named.slice(0, 200)} are not issued here`);
    }
  }

  async function revoke(grant: GrantRef, why: string) {
    const revoked = await deps.revokeGrant(grant.account_id, grant.server_id);
    logger.log('warn', 'oauth_grant_revoked', { reason: why, client_id: grant.client_id, account_id: grant.account_id, mcp_server_id: grant.server_id, revoked });
  }

  async function byCode(form: URLSearchParams): Promise<IssuedTokens> {
    const clientId = required(form, 'client_id');
    const code = required(form, 'code');
    const verifier = required(form, 'code_verifier');
    checkResource(form);
    const redemption = await grants.redeemCode(code);
    if (!redemption.ok) {
      if (redemption.reason === 'replayed') {
        await revoke(redemption.grant, 'authorization code replayed');
        throw invalidGrant('code: was already used; the access it granted is revoked');
      }
      throw invalidGrant(`code: ${redemption.reason === 'expired' ? 'has expired' : 'is unknown'}; start the authorization again`);
    }
    const grant = redemption.value;
    // From here the code is spent: a wrong verifier or client cannot be retried with it.
    if (grant.client_id !== clientId) throw invalidGrant('code: was issued to another client');
    const redirectUri = form.get('redirect_uri');
    if (redirectUri !== null && redirectUri !== grant.redirect_uri) throw invalidGrant('redirect_uri: differs from the authorization request\'s');
    if (!VERIFIER.test(verifier)) throw invalidGrant('code_verifier: must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
    if ((await sha256Base64Url(verifier)) !== grant.code_challenge) throw invalidGrant('code_verifier: does not match the code_challenge');
    if (grant.resource !== deps.resource) throw new OAuthError(400, 'invalid_target', 'resource: the code was issued for another resource');

    const { approval } = grant;
    if (!(await records.accounts.get(approval.account_id))) throw invalidGrant('the Rose Rocket account chosen at consent no longer exists');
    const person = approval.person_tokens ? await deps.userTokens.unseal(approval.person_tokens, `code:${clientId}`) : null;
    const { server } = await records.mcpServers.create(approval.account_id, {
      name: approval.name,
      config: { methods: approval.methods, tags: approval.tags, require_api_token_auth: false },
      expires_at: approval.expires_at,
      oauth: { client_id: clientId, client_name: approval.client_name, redirect_uri: grant.redirect_uri, ...(person && { rose_rocket_user: true }) },
    });
    if (person) await deps.userTokens.save(server.id, person);
    const ref: GrantRef = { account_id: approval.account_id, server_id: server.id, client_id: clientId };
    await grant.bind(ref);
    logger.log('info', 'oauth_grant', { client_id: clientId, account_id: ref.account_id, mcp_server_id: server.id });
    return grants.issue(ref, server.expires_at);
  }

  async function byRefresh(form: URLSearchParams): Promise<IssuedTokens> {
    const clientId = required(form, 'client_id');
    const token = required(form, 'refresh_token');
    checkResource(form);
    const rotation = await grants.rotate(token, clientId, async (grant) => {
      const server = await records.mcpServers.get(grant.account_id, grant.server_id);
      return server ? server.expires_at : undefined;
    });
    if (rotation.ok) return rotation.value;
    if (rotation.reason === 'replayed') {
      await revoke(rotation.grant, 'rotated refresh token reused');
      throw invalidGrant('refresh_token: was already used; the access it granted is revoked');
    }
    throw invalidGrant(`refresh_token: ${rotation.reason === 'expired' ? 'has expired' : 'is unknown or revoked'}`);
  }

  return new Hono().post('/oauth/token', async (c) => {
    let grantType: string | null = null;
    try {
      const form = await readForm(c);
      grantType = required(form, 'grant_type');
      let tokens: IssuedTokens;
      if (grantType === 'authorization_code') tokens = await byCode(form);
      else if (grantType === 'refresh_token') tokens = await byRefresh(form);
      else throw new OAuthError(400, 'unsupported_grant_type', `grant_type: ${JSON.stringify(grantType.slice(0, 100))} is not supported (authorization_code, refresh_token)`);
      return c.json({ ...tokens, token_type: 'Bearer' }, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      logger.log('warn', 'oauth_token_refused', { grant_type: grantType?.slice(0, 100) ?? null, error: error.code, reason: error.description });
      return error.toResponse();
    }
  });
}
