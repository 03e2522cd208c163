import type { Records } from '../records/index.ts';
import type { GrantStore } from './grants.ts';
import { SETTING_PREFIX } from './sign-in-setting.ts';
import { PERSON_TOKENS_PREFIX } from './user-tokens.ts';

export interface OAuthSweepResult {
  /** Codes, access and refresh tokens, used markers and sign-in states past their expiry, and tokens of dead grants. */
  grants: number;
  /** People's Rose Rocket tokens whose connection is gone (revoked elsewhere, expired, its account deleted). */
  personTokens: number;
  /** Sign-in settings of deleted accounts. */
  settings: number;
}

/**
 * One pass over what the OAuth server keeps. A grant is alive while its MCP
 * server record is (records.sweep, run just before on the same timer, purges
 * the expired ones). The keys are listed before the live records are read: a
 * grant's record is written before its tokens, so whatever was made after the
 * list is not looked at, and nothing in it is taken for dead by mistake.
 */
export function oauthSweeper(records: Records, grants: GrantStore, connectionRevoked: (serverId: string) => Promise<void>) {
  return async function sweep(): Promise<OAuthSweepResult> {
    const keys = await grants.keys();
    const accounts = new Set<string>();
    const live = new Set<string>();
    for (const account of await records.accounts.list()) {
      accounts.add(account.id);
      for (const server of await records.mcpServers.list(account.id)) live.add(server.id);
    }
    const result: OAuthSweepResult = { grants: await grants.sweep(keys, (serverId) => live.has(serverId)), personTokens: 0, settings: 0 };
    for (const key of keys) {
      if (key.startsWith(PERSON_TOKENS_PREFIX) && !live.has(key.slice(PERSON_TOKENS_PREFIX.length))) {
        await connectionRevoked(key.slice(PERSON_TOKENS_PREFIX.length));
        result.personTokens++;
      } else if (key.startsWith(SETTING_PREFIX) && !accounts.has(key.slice(SETTING_PREFIX.length))) {
        await records.store.delete(key);
        result.settings++;
      }
    }
    return result;
  };
}
