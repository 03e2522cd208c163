import type { ObjectDefinition } from '../../tools/define.ts';
import { createRoseRocketClient, type RoseRocketAccount, type RoseRocketClient } from '../upstream/client.ts';
import type { Send } from '../upstream/wire.ts';
import { boardDirectory, type BoardDirectory } from './boards.ts';
import { objectKeyDirectory, type ObjectKeyDirectory } from './object-keys.ts';

/**
 * Everything the gateway keeps per Rose Rocket account between requests:
 * the upstream client (with its cached OAuth token) and the directories of
 * object keys and default boards. Requests share it; nothing in it belongs
 * to one request.
 */
export interface AccountSession {
  accountId: string;
  client: RoseRocketClient;
  objectKeys: ObjectKeyDirectory;
  boards: BoardDirectory;
}

export interface AccountSessionOptions {
  builtinObjects: readonly ObjectDefinition[];
  timeoutMs: number;
  /** How upstream requests go out (runtime/upstream-send.ts). */
  send: Send;
  /** How long object definitions and default boards are trusted before a refresh. */
  directoryTtlMs?: number;
  now?: () => number;
}

export function createAccountSession(accountId: string, account: RoseRocketAccount, options: AccountSessionOptions): AccountSession {
  const client = createRoseRocketClient({ account, timeoutMs: options.timeoutMs, send: options.send, now: options.now });
  const ttlMs = options.directoryTtlMs ?? 5 * 60_000;
  const call = client.call.bind(client);
  return {
    accountId,
    client,
    objectKeys: objectKeyDirectory({ call, builtin: options.builtinObjects, ttlMs, now: options.now }),
    boards: boardDirectory({ call, ttlMs, now: options.now }),
  };
}

/**
 * Sessions by account, made on first use and replaced when the account's
 * credentials change (the `version` the caller passes changes with them).
 */
export function accountSessions(options: AccountSessionOptions) {
  const sessions = new Map<string, { version: string; session: AccountSession }>();
  return {
    get(accountId: string, version: string, account: () => RoseRocketAccount | Promise<RoseRocketAccount>): AccountSession | Promise<AccountSession> {
      const entry = sessions.get(accountId);
      if (entry && entry.version === version) return entry.session;
      return Promise.resolve(account()).then((config) => {
        const session = createAccountSession(accountId, config, options);
        sessions.set(accountId, { version, session });
        return session;
      });
    },
    forget(accountId: string) {
      sessions.delete(accountId);
    },
  };
}
