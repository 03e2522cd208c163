import { isPlainObject } from '../../tools/define.ts';

/**
 * The account's timezone, so the instructions' "now" is the dispatcher's
 * today and not only UTC's. It is what Rose Rocket's `GET /api/v1/me`
 * says: roserocket-api.md documents no shape for that answer, and the mock
 * gives it as `org.timezone` [choice], so the org's zone is read first,
 * then a top-level or the user's; anything this runtime does not know as an
 * IANA zone is no timezone.
 *
 * One `/me` per account, kept for `ttlMs` and shared by every session of
 * the account. A failure never fails a session: the instructions then say
 * UTC alone, and `/me` is asked again a minute later, not at every
 * handshake.
 */
export interface AccountTimezone {
  /** The zone, loading it first if it is not known yet; never rejects. */
  get(): Promise<string | null>;
  /** The zone as last loaded, or null (unknown, or not loaded yet). */
  peek(): string | null;
}

const RETRY_AFTER_FAILURE_MS = 60_000;

export function accountTimezone(options: { me: () => Promise<{ body: unknown }>; ttlMs: number; now?: () => number }): AccountTimezone {
  const now = options.now ?? Date.now;
  let known: { zone: string | null; at: number; failed: boolean } | undefined;
  let inflight: Promise<string | null> | undefined;

  const load = () =>
    (inflight ??= options
      .me()
      .then(
        ({ body }) => ({ zone: zoneOf(body), failed: false }),
        () => ({ zone: known?.zone ?? null, failed: true }),
      )
      .then(({ zone, failed }) => {
        known = { zone, at: now(), failed };
        inflight = undefined;
        return zone;
      }));

  return {
    async get() {
      if (!known) return load();
      const age = now() - known.at;
      if (age >= (known.failed ? RETRY_AFTER_FAILURE_MS : options.ttlMs)) void load(); // the last answer serves meanwhile
      return known.zone;
    },
    peek: () => known?.zone ?? null,
  };
}

function zoneOf(me: unknown): string | null {
  if (!isPlainObject(me)) return null;
  const candidates = [isPlainObject(me.org) ? me.org.timezone : undefined, me.timezone, isPlainObject(me.user) ? me.user.timezone : undefined];
  return candidates.find((zone): zone is string => typeof zone === 'string' && isKnownZone(zone)) ?? null;
}

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
