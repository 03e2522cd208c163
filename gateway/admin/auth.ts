import type { MiddlewareHandler } from 'hono';
import { HttpError, unauthorized } from '../http-error.ts';
import type { ApiToken, Records } from '../records/index.ts';

export const ADMIN_REALM = 'roserocket-mcp admin';

export interface AdminEnv {
  Variables: { operator: ApiToken };
}

/**
 * The dashboard's way through this door: its form handlers call the admin
 * API with the signed-in operator under this key of the request's `env`.
 * Only code in the process can set it (a symbol, never a header), so the
 * page gets the API's own validation and records without holding the token.
 */
export const ACTING_OPERATOR = Symbol('operator signed in to the dashboard');
export type ActingEnv = { [ACTING_OPERATOR]?: ApiToken };

/**
 * Bearer API-token auth for the admin API. Only operator tokens
 * (`integrated_account_id: null`) get in: an account token is handed to MCP
 * clients as their second credential, and must not be able to mint wider URLs.
 */
export function operatorAuth(records: Records): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const acting = (c.env as ActingEnv | undefined)?.[ACTING_OPERATOR];
    if (acting) {
      c.set('operator', acting);
      return next();
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) throw unauthorized('Authorization: Bearer <operator API token> is required', ADMIN_REALM, false);
    const apiToken = await records.apiTokens.verify(match[1]);
    if (!apiToken) throw unauthorized('the Bearer token is not a valid API token (unknown or revoked)', ADMIN_REALM, true);
    if (apiToken.integrated_account_id !== null) {
      throw new HttpError(
        403,
        `API token ${apiToken.id} belongs to integrated account ${apiToken.integrated_account_id} and only authenticates its MCP servers; the admin API needs an operator token`,
      );
    }
    c.set('operator', apiToken);
    await next();
  };
}
