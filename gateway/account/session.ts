import type { ObjectDefinition } from '../../tools/define.ts';
import { createRoseRocketClient, type RoseRocketAccount, type RoseRocketClient, type RoseRocketClientOptions } from '../upstream/client.ts';
import type { Send } from '../upstream/wire.ts';
import type { UpstreamHostPolicy } from '../upstream/host-policy.ts';
import { boardDirectory, type BoardDirectory } from './boards.ts';
import { objectKeyDirectory, type ObjectKeyDirectory } from './object-keys.ts';
import { accountTimezone, type AccountTimezone } from './timezone.ts';

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
  /** The account's timezone, from `/me`, for the instructions' "now". */
  timezone: AccountTimezone;
}

export interface AccountSessionOptions {
  builtinObjects: readonly ObjectDefinition[];
  timeoutMs: number;
  /** How upstream requests go out (runtime/upstream-send.ts). */
  send: Send;
  /** Where accounts made through the admin API may connect; the default account is not subject to it. */
  hostPolicy?: UpstreamHostPolicy;
  /** The most of an upstream answer read (`UPSTREAM_MAX_BYTES`). */
  maxAnswerBytes?: number;
  /** How long object definitions and default boards are trusted before a refresh. */
  directoryTtlMs?: number;
  now?: () => number;
}

export function createAccountSession(
  accountId: string,
  account: RoseRocketAccount,
  options: AccountSessionOptions,
  tokens?: RoseRocketClientOptions['tokens'],
): AccountSession {
  const client = createRoseRocketClient({ account, timeoutMs: options.timeoutMs, maxAnswerBytes: options.maxAnswerBytes, send: options.send, now: options.now, tokens });
  const ttlMs = options.directoryTtlMs ?? 5 * 60_000;
  const call = client.call.bind(client);
  return {
    accountId,
    client,
    objectKeys: objectKeyDirectory({ call, builtin: options.builtinObjects, ttlMs, now: options.now }),
    boards: boardDirectory({ call, ttlMs, now: options.now }),
    timezone: accountTimezone({ me: () => client.checkCredentials(), ttlMs, now: options.now }),
  };
}

/** A person's own upstream session on an account: its cache key, and the tokens that replace the account's. */
export interface PersonSession {
  key: string;
  tokens: NonNullable<RoseRocketClientOptions['tokens']>;
}

/**
 * Sessions by account, made on first use and replaced when the account's
 * credentials change (the `version` the caller passes changes with them).
 */
export function accountSessions(options: AccountSessionOptions) {
  const sessions = new Map<string, { version: string; session: AccountSession }>();
  return {
    /**
     * A person signed in at Rose Rocket gets a session of their own on the
     * account (`person`: its key, and the tokens that replace the account's).
     */
    get(
      accountId: string,
      version: string,
      account: () => RoseRocketAccount | Promise<RoseRocketAccount>,
      person?: PersonSession,
    ): AccountSession | Promise<AccountSession> {
      const key = person?.key ?? accountId;
      const entry = sessions.get(key);
      if (entry && entry.version === version) return entry.session;
      return Promise.resolve(account()).then((config) => {
        const session = createAccountSession(accountId, config, options, person?.tokens);
        sessions.set(key, { version, session });
        return session;
      });
    },
    /** Drops the session of an account, or of a person's connection (its `person.key`). */
    forget(key: string) {
      sessions.delete(key);
    },
  };
}
