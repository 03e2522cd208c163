import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { ToolDefinition } from '../../tools/define.ts';
import { formBody, HttpError, readJsonBody } from '../http-error.ts';
import type { Logger } from '../log.ts';
import type { AccountCredentials, McpServer, Records } from '../records/index.ts';
import { resolveWithDns, type Resolve } from './address-policy.ts';
import { authorizeRoutes } from './authorize.ts';
import { clientDocuments, type ClientDocumentOptions } from './client-document.ts';
import { createClientRegistry } from './clients.ts';
import { OAuthError } from './errors.ts';
import { createGrantStore, DEFAULT_LIFETIMES, type TokenLifetimes } from './grants.ts';
import { limiterFactory } from '../rate-limiter.ts';
import { DEFAULT_OAUTH_LIMITS, oauthRateLimit, type OAuthLimits } from './rate-limit.ts';
import { uiSessions } from '../ui/session.ts';
import { dashboardGate } from './operator-gate.ts';
import { roseRocketSignIn } from './rose-rocket-sign-in.ts';
import { oauthSweeper } from './sweep.ts';
import { tokenRoutes } from './token.ts';
import { userTokenSource, userTokenStore } from './user-tokens.ts';
import type { PersonSession } from '../account/session.ts';
import type { Send } from '../upstream/wire.ts';

/**
 * The gateway as the OAuth 2.1 authorization server of its own `/mcp`
 * (MCP authorization, 2025-06-18 and 2025-11-25): discovery (RFC 9728, RFC
 * 8414), client registration both ways (RFC 7591; client ID metadata
 * documents), authorization code with PKCE S256 only, rotating refresh
 * tokens. What a grant may do is an MCP server record, so `/mcp` with an
 * access token is served exactly like `/mcp/<token>`.
 */

export interface OAuthDeps {
  records: Records;
  tools: readonly ToolDefinition[];
  /** The gateway's public base URL: the issuer; the protected resource is `<publicUrl>/mcp`. */
  publicUrl: string;
  logger: Logger;
  /** How metadata documents are fetched and their hosts resolved (tests answer in-process). */
  documentFetch?: typeof fetch;
  /** The sender that checks the address it connects to, where the runtime has one (runtime/upstream-send.ts). */
  documentSend?: Send | null;
  resolve?: Resolve;
  /** Bounds on fetching metadata documents: deadline, size, how long a good one is cached. */
  documentLimits?: Pick<ClientDocumentOptions, 'timeoutMs' | 'maxBytes' | 'cacheMs'>;
  lifetimes?: TokenLifetimes;
  /** Per-address limits of the open endpoints; each left out keeps its default. */
  limits?: Partial<OAuthLimits>;
  /** How the gateway reaches Rose Rocket's auth servers (the upstream client's fetch). */
  roseRocketFetch?: (request: Request) => Promise<Response>;
}

/** What `/mcp` with an access token is served as: the grant's MCP server, and for a person signed in at Rose Rocket, their tokens. */
export interface OAuthAccess {
  server: McpServer;
  account: AccountCredentials;
  person: PersonSession | null;
}

export function createOAuth(deps: OAuthDeps) {
  const { records, logger } = deps;
  const issuer = deps.publicUrl.replace(/\/+$/, '');
  const resource = `${issuer}/mcp`;
  const resourceMetadataUrl = `${issuer}/.well-known/oauth-protected-resource/mcp`;
  const limits = { ...DEFAULT_OAUTH_LIMITS, ...deps.limits };
  // On Node documents come over the upstream sender's address check: one resolution, and the address connected to is the one checked.
  const documents = clientDocuments({
    fetch: deps.documentFetch,
    send: deps.documentFetch ? null : deps.documentSend,
    resolve: deps.resolve ?? resolveWithDns,
    now: records.now,
    ...deps.documentLimits,
  });
  const clients = createClientRegistry(records.store, documents, records.now);
  const grants = createGrantStore(records.store, records.now, deps.lifetimes ?? DEFAULT_LIFETIMES);
  const userTokens = userTokenStore(records.store, records.secrets);
  const signIn = roseRocketSignIn({ records, tools: deps.tools, grants, userTokens, issuer, logger, fetch: deps.roseRocketFetch ?? ((request) => fetch(request)) });
  const forgotten = new Set<(serverId: string) => void>();

  /** Ends a grant: its MCP server record, and a person's Rose Rocket tokens with it. */
  async function revokeGrant(accountId: string, serverId: string): Promise<boolean> {
    const revoked = await records.mcpServers.delete(accountId, serverId);
    await connectionRevoked(serverId);
    return revoked;
  }
  /** Whatever was kept for a connection that is gone (however it went) goes too. */
  async function connectionRevoked(serverId: string): Promise<void> {
    await userTokens.drop(serverId);
    for (const forget of forgotten) forget(serverId);
  }

  const protectedResource = {
    resource,
    authorization_servers: [issuer],
    bearer_methods_supported: ['header'],
    resource_name: 'Rose Rocket MCP gateway',
  };
  const authorizationServer = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    registration_endpoint: `${issuer}/oauth/register`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };

  const app = new Hono();
  // Browser-based MCP clients read discovery and call the token and registration endpoints cross-origin.
  app.use('/.well-known/*', cors());
  for (const path of ['/oauth/token', '/oauth/register']) app.use(path, cors({ origin: '*', allowMethods: ['POST'] }));
  // Counted where the tool-call limits are: shared over the records' Redis, in memory otherwise.
  const limiter = limiterFactory(records.store.redis);
  app.use('/oauth/authorize', oauthRateLimit('authorize', limits.authorize, logger, limiter));
  app.use('/oauth/token', oauthRateLimit('token', limits.token, logger, limiter));
  app.use('/oauth/register', oauthRateLimit('register', limits.register, logger, limiter));
  app.use('/oauth/rose-rocket/callback', oauthRateLimit('callback', limits.callback, logger, limiter));
  const [formCapped, formParsed] = formBody();
  app.post('/oauth/authorize', formCapped, formParsed);

  // RFC 9728 §3.1 puts the resource's path after the well-known name; the bare name serves clients that try it first.
  for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
    app.get(path, (c) => c.json(protectedResource));
  }
  app.get('/.well-known/oauth-authorization-server', (c) => c.json(authorizationServer));

  app.post('/oauth/register', async (c) => {
    try {
      let body: unknown;
      try {
        body = await readJsonBody(c, 16 * 1024);
      } catch (error) {
        if (error instanceof HttpError) throw new OAuthError(400, 'invalid_client_metadata', error.message);
        throw error;
      }
      const registered = await clients.register(body);
      logger.log('info', 'oauth_client_registered', { client_id: registered.client_id, client_name: registered.client_name });
      return c.json(registered, 201, { 'cache-control': 'no-store' });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      logger.log('warn', 'oauth_register_refused', { error: error.code, reason: error.description });
      return error.toResponse();
    }
  });

  app.route('/', authorizeRoutes({ clients, grants, records, tools: deps.tools, issuer, resource, logger, gate: dashboardGate(uiSessions(records, issuer), issuer), signIn }));
  app.route('/', tokenRoutes({ grants, records, resource, logger, userTokens, revokeGrant }));
  app.route('/', signIn.callback);
  app.route('/', signIn.admin);

  /** The 401 of `/mcp`: where to learn how to get a token (RFC 9728 §5.1), and whether the one given was refused. */
  function challenge(message: string, invalid: boolean): HttpError {
    const error = invalid ? ', error="invalid_token"' : '';
    return new HttpError(401, message, { 'WWW-Authenticate': `Bearer resource_metadata="${resourceMetadataUrl}"${error}` });
  }

  /** The grant an `Authorization: Bearer <access token>` on `/mcp` stands for; throws the 401 to answer. */
  async function resolveBearer(authorization: string | undefined): Promise<OAuthAccess> {
    const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw challenge('this MCP endpoint needs an OAuth access token (Authorization: Bearer …); see WWW-Authenticate', false);
    const grant = await grants.verifyAccess(token);
    const server = grant && (await records.mcpServers.get(grant.account_id, grant.server_id));
    const account = server && (await records.accounts.credentials(server.integrated_account_id));
    if (!server || !account) throw challenge('the access token is unknown, expired or revoked', true);
    const person = server.oauth?.rose_rocket_user
      ? { key: `person:${server.id}`, tokens: userTokenSource(userTokens, server.id, { ...(await signIn.client(account)), orgId: account.org_id }) }
      : null;
    return { server, account, person };
  }

  return {
    routes: app,
    resolveBearer,
    connectionRevoked,
    /** Called with the id of each connection that ends, to drop what is kept in memory for it. */
    onRevoked(forget: (serverId: string) => void) {
      forgotten.add(forget);
    },
    /** One pass of the OAuth records' sweep; bootstrap runs it on the records' sweep timer, after `records.sweep`. */
    sweep: oauthSweeper(records, grants, connectionRevoked),
    issuer,
    resource,
  };
}

export type OAuth = ReturnType<typeof createOAuth>;
