import type { ToolFilter } from '../access.ts';
import type { compileCatalogue, ServedCatalogue } from '../mcp/catalogue.ts';
import { DEFAULT_ACCOUNT_ID, type AccountCredentials, type McpAccessFailureReason, type McpServer, type Records } from '../records/index.ts';
import { derivedOnce } from '../store/frozen.ts';
import type { RoseRocketAccount } from '../upstream/client.ts';
import type { UpstreamHostPolicy } from '../upstream/host-policy.ts';
import type { RequestRate } from '../mcp/rate-limits.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';
import { accountSessions, type AccountSession, type AccountSessionOptions, type PersonSession } from './session.ts';

/**
 * What one MCP request runs with: the URL's record (its id and what its
 * filters let it see) and its account's long-lived session. Made per
 * request; nothing in it outlives the request but the account session.
 */
export interface McpSession {
  /** The MCP server record's id (`stdio` for the local transport); logged, never the token. */
  serverId: string;
  catalogue: ServedCatalogue;
  account: AccountSession;
  /** Filled while serving: the upstream rate-limit information to hand back on the HTTP response. */
  rateLimit: RateLimit | null;
  /** The URL's own limit on tool calls (its `config.rate_limit`, or the operator's default); `null`: none. */
  requestRate: RequestRate | null;
}

export type OpenedSession = { ok: true; session: McpSession } | { ok: false; reason: McpAccessFailureReason };

/**
 * The client's view of an account. Accounts made through the admin API
 * connect only where the upstream host policy allows (host-policy.ts); the
 * default account is the operator's own configuration (or the embedded mock).
 */
const toAccountConfig = (a: AccountCredentials, policy: UpstreamHostPolicy | undefined): RoseRocketAccount => ({
  ...(policy && a.id !== DEFAULT_ACCOUNT_ID && { allowsAddress: policy.allowsAddress }),
  apiUrl: a.api_url,
  authUrl: a.auth_url,
  clientId: a.client_id,
  clientSecret: a.client_secret,
  orgId: a.org_id,
  userId: a.user_id,
});

/**
 * The one owner of what the gateway keeps per account between requests.
 * Records are frozen and a changed one is a new object (records/codec.ts),
 * so what is derived from a record is remembered per object (`derivedOnce`);
 * here, the credentials' version, which picks the account's upstream client:
 * new credentials, a new client.
 */
export function mcpSessions(
  records: Records,
  catalogue: ReturnType<typeof compileCatalogue>,
  options: AccountSessionOptions,
  /** `MCP_RATE_LIMIT`: the limit of URLs whose record sets none. */
  defaultRequestRate: RequestRate | null = null,
) {
  const sessions = accountSessions(options);
  const versionOf = derivedOnce((account: AccountCredentials) =>
    [account.api_url, account.auth_url, account.client_id, account.client_secret, account.org_id, account.user_id].join('\n'),
  );
  const requestRate = (server: McpServer) => (server.config.rate_limit === undefined ? defaultRequestRate : server.config.rate_limit);
  const sessionFor = (account: AccountCredentials) => sessions.get(account.id, versionOf(account), () => toAccountConfig(account, options.hostPolicy));

  return {
    /** The account's session, made on first use and again when its credentials change. */
    sessionFor,

    /** The session of a `/mcp/<token>` request, or why there is none (the endpoint answers 401). */
    async open(token: string, authorization: string | undefined): Promise<OpenedSession> {
      const access = await records.resolveMcpRequest(token, authorization);
      if (!access.ok) return access;
      const session = {
        serverId: access.server.id,
        catalogue: catalogue.serve(access.server.config),
        account: await sessionFor(access.account),
        rateLimit: null,
        requestRate: requestRate(access.server),
      };
      return { ok: true, session };
    },

    /**
     * The session of an OAuth grant's MCP server (gateway/oauth/), found by
     * its access token; a person signed in at Rose Rocket gets an upstream
     * client of their own, with their tokens (`person`).
     */
    async forGrant(server: McpServer, account: AccountCredentials, person: PersonSession | null): Promise<McpSession> {
      const upstream = person ? await sessions.get(account.id, versionOf(account), () => toAccountConfig(account, options.hostPolicy), person) : await sessionFor(account);
      return { serverId: server.id, catalogue: catalogue.serve(server.config), account: upstream, rateLimit: null, requestRate: requestRate(server) };
    },

    /** A session on the default account with a fixed filter: the stdio transport has no URL to carry one. */
    async local(filter: ToolFilter): Promise<McpSession> {
      const account = await records.accounts.credentials(DEFAULT_ACCOUNT_ID);
      if (!account) throw new Error('the default Rose Rocket account is missing');
      // One local user on stdio: no URL to limit (upstream's own 429s still hold the account).
      return { serverId: 'stdio', catalogue: catalogue.serve(filter), account: await sessionFor(account), rateLimit: null, requestRate: null };
    },

    /** The default account's session, when there is a default account (readiness asks its upstream). */
    async defaultAccount(): Promise<AccountSession | null> {
      const account = await records.accounts.credentials(DEFAULT_ACCOUNT_ID).catch(() => null);
      return account && sessionFor(account);
    },

    /** A deleted account's upstream client (its secret, its access token) must not outlive it; nor a revoked person's (`person:<server id>`). */
    forget(key: string) {
      sessions.forget(key);
    },
  };
}

export type McpSessions = ReturnType<typeof mcpSessions>;
