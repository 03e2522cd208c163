import type { AccountCredentials, AccountRepository } from './accounts.ts';
import type { ApiTokenRepository } from './api-tokens.ts';
import type { McpServer, McpServerRepository } from './mcp-servers.ts';

/**
 * Who may use `/mcp/:token`: the access check the MCP endpoint runs before
 * building a server for the request.
 *
 * Nothing is cached between requests, so a revocation on any instance is
 * refused by every instance on the next request. The token lookup is one
 * store read; the API token and the account are then read in parallel.
 */

export type McpAccessFailureReason = 'unknown_server' | 'api_token_missing' | 'api_token_invalid';

export type McpAccess =
  | { ok: true; server: McpServer; account: AccountCredentials }
  /** Why not; the MCP endpoint says it to the client (a 401). */
  | { ok: false; reason: McpAccessFailureReason };

function bearer(authorization: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

const fail = (reason: McpAccessFailureReason): McpAccess => ({ ok: false, reason });

export function createMcpAccess(deps: { accounts: AccountRepository; mcpServers: McpServerRepository; apiTokens: ApiTokenRepository }) {
  return async function resolveMcpRequest(token: string, authorization: string | undefined): Promise<McpAccess> {
    const server = await deps.mcpServers.findByToken(token);
    if (!server) return fail('unknown_server');

    if (!server.config.require_api_token_auth) {
      const account = await deps.accounts.credentials(server.integrated_account_id);
      return account ? { ok: true, server, account } : fail('unknown_server');
    }

    const presented = bearer(authorization);
    if (!presented) {
      return fail('api_token_missing');
    }
    const [apiToken, account] = await Promise.all([deps.apiTokens.verify(presented), deps.accounts.credentials(server.integrated_account_id)]);
    if (!account) return fail('unknown_server');
    if (apiToken?.integrated_account_id !== server.integrated_account_id) {
      return fail('api_token_invalid');
    }
    return { ok: true, server, account };
  };
}

export type ResolveMcpRequest = ReturnType<typeof createMcpAccess>;
