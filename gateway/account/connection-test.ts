import type { AccountCredentials } from '../records/index.ts';
import { UpstreamAuthError, UpstreamError, UpstreamRateLimitError } from '../upstream/errors.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';
import type { ConnectionReport } from '../ui/accounts.ts';
import type { AccountSession } from './session.ts';

/**
 * The dashboard's Test connection: one `GET /me` through the account's own
 * upstream client, read as the two steps it takes (an access token from the
 * auth server, then the API). Upstream's answers are already scrubbed of
 * credentials by the client; nothing here adds any.
 */
export function connectionTester(
  credentials: (id: string) => Promise<AccountCredentials | null>,
  sessionFor: (account: AccountCredentials) => AccountSession | Promise<AccountSession>,
  lastRateLimit: (accountId: string) => Promise<RateLimit | null>,
) {
  return async (accountId: string): Promise<ConnectionReport> => {
    const account = await credentials(accountId);
    if (!account) return { token: { ok: false, message: 'the account is gone' }, me: { ok: false, status: null, message: 'not tried' }, rateLimit: null };
    const last = await lastRateLimit(accountId);
    try {
      const session = await sessionFor(account);
      const answer = await session.client.checkCredentials();
      return {
        token: { ok: true, message: 'obtained from the auth server' },
        me: { ok: true, status: answer.status, message: `reached: Rose Rocket answered ${answer.status}` },
        rateLimit: answer.rateLimit ?? last,
      };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error instanceof UpstreamAuthError) {
        return { token: { ok: false, message: error.message }, me: { ok: false, status: null, message: 'not tried without a token' }, rateLimit: last };
      }
      const rateLimit = error instanceof UpstreamRateLimitError ? error.rateLimit : last;
      return { token: { ok: true, message: 'obtained from the auth server' }, me: { ok: false, status: error.status, message: error.message }, rateLimit };
    }
  };
}
