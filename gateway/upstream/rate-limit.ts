import { isItem, parseDictionary, parseList, type BareItem, type Item } from './structured-fields.ts';
import type { ResponseHeaders } from './wire.ts';

/**
 * Upstream rate-limit information in one shape, whatever dialect it came in.
 * Every field is `null` when upstream did not say: values are never invented.
 * `reset` and `retryAfter` are whole seconds from now, never timestamps.
 */
export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  reset: number | null;
  retryAfter: number | null;
}

const EPOCH_MS_ABOVE = 1e12;
const EPOCH_SECONDS_ABOVE = 1e9;

/**
 * Reads every dialect Rose Rocket (or a proxy in front of it) may use:
 * structured `RateLimit` + `RateLimit-Policy` (draft-08+) and the dictionary
 * form of draft-07, `RateLimit-Limit/-Remaining/-Reset` (draft-06), and
 * `X-RateLimit-*` / `X-Rate-Limit-*`. Each field is taken from the first
 * dialect, in that order, that gives it. `Retry-After` wins over any reset.
 */
export function normaliseRateLimit(headers: ResponseHeaders, nowMs: number): RateLimit {
  const dialects = [structured(headers, nowMs), ...SEPARATE_FIELDS.map((names) => separateFields(headers, names, nowMs))];
  const first = (field: 'limit' | 'remaining' | 'reset') => dialects.find((d) => d[field] !== null)?.[field] ?? null;
  const retryAfter = secondsUntil(headers.get('retry-after'), nowMs);
  return {
    limit: first('limit'),
    remaining: first('remaining'),
    reset: retryAfter ?? first('reset'),
    retryAfter,
  };
}

export function isEmptyRateLimit(rl: RateLimit): boolean {
  return rl.limit === null && rl.remaining === null && rl.reset === null && rl.retryAfter === null;
}

/** The IETF-draft headers the gateway puts on its own HTTP response; only the known ones. */
export function rateLimitHeaders(rl: RateLimit | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rl?.limit != null) headers['ratelimit-limit'] = String(rl.limit);
  if (rl?.remaining != null) headers['ratelimit-remaining'] = String(rl.remaining);
  if (rl?.reset != null) headers['ratelimit-reset'] = String(rl.reset);
  return headers;
}

type Partial3 = Omit<RateLimit, 'retryAfter'>;
const NOTHING: Partial3 = { limit: null, remaining: null, reset: null };

/** The separate-field dialects' header names, in the order they are tried. */
const SEPARATE_FIELDS = ['ratelimit-', 'x-ratelimit-', 'x-rate-limit-'].map((prefix) => ({
  limit: `${prefix}limit`,
  remaining: `${prefix}remaining`,
  reset: `${prefix}reset`,
}));

function separateFields(headers: ResponseHeaders, names: (typeof SEPARATE_FIELDS)[number], nowMs: number): Partial3 {
  const reset = headers.get(names.reset);
  return {
    limit: count(firstMember(headers.get(names.limit))),
    remaining: count(firstMember(headers.get(names.remaining))),
    // An HTTP-date has a comma of its own, so it is tried whole before splitting.
    reset: secondsUntil(reset, nowMs) ?? secondsUntil(firstMember(reset), nowMs),
  };
}

/**
 * draft-08+: `RateLimit: "default";r=0;t=30` names a policy from
 * `RateLimit-Policy: "default";q=100;w=60`. With several of either, the first
 * RateLimit item counts and its named policy (else the first) gives the quota.
 * draft-07 sent one dictionary instead: `RateLimit: limit=100, remaining=0, reset=30`.
 */
function structured(headers: ResponseHeaders, nowMs: number): Partial3 {
  const field = headers.get('ratelimit');
  const policies = itemsOf(headers.get('ratelimit-policy'));
  const current = field === null ? undefined : itemsOf(field)[0];
  if (current === undefined && field !== null) {
    const dictionary = draft07(field, nowMs);
    if (dictionary) return dictionary;
  }
  const policy = (current && policies.find((p) => sameName(p.value, current.value))) ?? policies[0];
  if (!current && !policy) return NOTHING;
  return {
    limit: count(policy?.params.get('q')),
    remaining: count(current?.params.get('r')),
    reset: current ? secondsUntil(current.params.get('t'), nowMs) : null,
  };
}

function draft07(field: string, nowMs: number): Partial3 | null {
  const dictionary = parseDictionary(field);
  if (!dictionary) return null;
  const value = (key: string) => {
    const member = dictionary.get(key);
    return isItem(member) ? member.value : undefined;
  };
  return { limit: count(value('limit')), remaining: count(value('remaining')), reset: secondsUntil(value('reset'), nowMs) };
}

function itemsOf(field: string | null): Item[] {
  if (field === null) return [];
  return (parseList(field) ?? []).filter(isItem);
}

function sameName(a: BareItem, b: BareItem): boolean {
  return typeof a === 'string' && a === b;
}

/** draft-06 allows `RateLimit-Limit: 100, 100;w=60`: the first member is the one in effect. */
function firstMember(value: string | null): string | null {
  if (value === null) return null;
  return value.split(',')[0]!.split(';')[0]!.trim();
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

function numeric(value: BareItem | string | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : null;
}

function count(value: BareItem | string | null | undefined): number | null {
  const n = numeric(value);
  return n === null ? null : Math.max(0, Math.floor(n));
}

/**
 * A reset or Retry-After value as whole seconds from now. Upstreams disagree
 * on the unit, so: above ~1e12 is epoch milliseconds, above ~1e9 epoch
 * seconds, a date is a date, any other number is already a delta.
 */
export function secondsUntil(value: BareItem | string | null | undefined, nowMs: number): number | null {
  const n = numeric(value);
  let seconds: number | null;
  if (n !== null) {
    if (n > EPOCH_MS_ABOVE) seconds = (n - nowMs) / 1000;
    else if (n > EPOCH_SECONDS_ABOVE) seconds = n - nowMs / 1000;
    else seconds = n;
  } else {
    const at = typeof value === 'string' ? parseHttpDate(value) : null;
    seconds = at === null ? null : (at - nowMs) / 1000;
  }
  return seconds === null ? null : Math.max(0, Math.ceil(seconds));
}

// `Date.parse` alone would read "foo 2" as a date in 2001, so only the three
// HTTP-date forms of RFC 9110 and ISO 8601 are handed to it.
const DATE_FORMS = [
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/, // IMF-fixdate
  /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/, // RFC 850
  /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/, // asctime
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/, // ISO 8601
];

function parseHttpDate(value: string): number | null {
  const trimmed = value.trim();
  if (!DATE_FORMS.some((form) => form.test(trimmed))) return null;
  // asctime carries no zone and means GMT; V8 would read it as local time.
  const ms = Date.parse(DATE_FORMS[2]!.test(trimmed) ? `${trimmed} GMT` : trimmed);
  return Number.isFinite(ms) ? ms : null;
}
