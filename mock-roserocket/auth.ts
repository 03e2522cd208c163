import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MockEnv } from './env.ts';
import { sendError } from './errors.ts';
import { SEED_ORGS, type SeedOrg } from './orgs.ts';
import type { AuthCodes } from './auth-code.ts';
import type { TokenStore } from './tokens.ts';

/**
 * The two faces of Rose Rocket's auth: the Auth0 token endpoint (its own
 * error dialect, `{error, error_description}`) and the Bearer check on every
 * API call (NestJS envelope).
 */

export const AUDIENCE = 'https://roserocket.com';

class OAuthError {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly error: string,
    readonly description: string,
  ) {}
}

const missing = (field: string) => new OAuthError(400, 'invalid_request', `Missing required parameter: ${field}`);
const badCredentials = () => new OAuthError(401, 'access_denied', 'Unauthorized');

/** Auth0 takes JSON or a form; anything else is refused before the grant is looked at. */
async function readTokenRequest(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(await c.req.text()));
  }
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new OAuthError(400, 'invalid_request', 'Request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new OAuthError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    return body as Record<string, unknown>;
  }
  throw new OAuthError(
    400,
    'invalid_request',
    'Content-Type must be application/json or application/x-www-form-urlencoded',
  );
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') throw missing(field);
  if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `Parameter ${field} must be a string`);
  return value;
}

function authenticateClient(body: Record<string, unknown>): SeedOrg {
  const clientId = requireString(body, 'client_id');
  const clientSecret = requireString(body, 'client_secret');
  const org = SEED_ORGS.find((o) => o.clientId === clientId);
  if (!org || org.clientSecret !== clientSecret) throw badCredentials();
  return org;
}

function requireOrg(body: Record<string, unknown>, org: SeedOrg): void {
  const orgId = requireString(body, 'org_id');
  if (orgId !== org.orgId) {
    throw new OAuthError(403, 'access_denied', `org_id ${orgId} is not an organization of this client`);
  }
}

export function tokenRoutes(tokens: TokenStore, lifetimeSeconds: () => number, codes?: AuthCodes): Hono {
  const app = new Hono();
  app.post('/oauth/token', async (c) => {
    try {
      const body = await readTokenRequest(c);
      const grantType = requireString(body, 'grant_type');
      if (grantType === 'client_credentials') {
        const org = authenticateClient(body);
        const audience = requireString(body, 'audience');
        if (audience !== AUDIENCE) throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`);
        requireOrg(body, org);
        const userId = requireString(body, 'user_id');
        if (userId !== org.userId) {
          throw new OAuthError(403, 'access_denied', `user_id ${userId} is not a user of this organization`);
        }
        const issued = tokens.issue({ orgId: org.orgId, userId, clientId: org.clientId }, lifetimeSeconds());
        return c.json(tokenResponse(issued));
      }
      if (grantType === 'authorization_code' && codes) {
        const org = authenticateClient(body);
        const grant = codes.take(requireString(body, 'code'), org.clientId, requireString(body, 'redirect_uri'), requireString(body, 'code_verifier'));
        if (grant === 'invalid') throw new OAuthError(403, 'invalid_grant', 'Invalid authorization code');
        const issued = tokens.issue({ orgId: grant.org.orgId, userId: grant.userId, clientId: org.clientId }, lifetimeSeconds());
        return c.json(tokenResponse(issued));
      }
      if (grantType === 'refresh_token') {
        const org = authenticateClient(body);
        const refreshToken = requireString(body, 'refresh_token');
        requireOrg(body, org);
        const issued = tokens.refresh(refreshToken, org.clientId, lifetimeSeconds());
        if (!issued) {
          throw new OAuthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
        }
        return c.json(tokenResponse(issued));
      }
      throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return c.json({ error: err.error, error_description: err.description }, err.status);
    }
  });
  return app;
}

function tokenResponse(issued: { accessToken: string; refreshToken: string; expiresIn: number }) {
  return {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    refresh_token: issued.refreshToken,
  };
}

/** Every `/api/*` call: a live Bearer token, and an `x-org-id` (when sent) naming the token's org. */
export function requireBearer(tokens: TokenStore): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) return sendError(c, 401, 'Authorization header is missing: send "Authorization: Bearer <access_token>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return sendError(c, 401, 'Authorization header must be "Bearer <access_token>"');
    const check = tokens.check(match[1]!);
    if (check.state === 'expired') return sendError(c, 401, 'Access token has expired');
    if (check.state === 'unknown') return sendError(c, 401, 'Access token is not valid');
    const { orgId, userId } = check.subject;
    const requestedOrg = c.req.header('x-org-id');
    if (requestedOrg !== undefined && requestedOrg !== orgId) {
      return sendError(c, 403, `x-org-id ${requestedOrg} does not match the organization of the access token`);
    }
    c.set('orgId', orgId);
    c.set('userId', userId);
    await next();
  };
}

/** `GET /api/v1/me`: who the token belongs to; clients use it as a credential check. */
export function meRoute(): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  app.get('/api/v1/me', (c) => {
    const org = SEED_ORGS.find((o) => o.orgId === c.get('orgId'))!;
    return c.json({
      user: { id: org.userId, email: org.userEmail, firstName: org.userFirstName, orgId: org.orgId },
      org: { id: org.orgId, name: org.name, subdomain: org.subdomain, timezone: org.timezone },
    });
  });
  return app;
}
