import { z } from 'zod';
import { HttpError } from '../http-error.ts';
import { RECORD_ID } from '../records/keys.ts';

/**
 * Turns zod issues into one 400 message that names every bad field and says
 * why, in words a person fixing a curl command can act on:
 * `config.methods[0]: must be one of read, write, … (got "reed"); expires_at: is required`.
 */

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || 'body';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A bad value as a message quotes it: scalars as JSON, cut short; arrays and
 * objects by their kind only, never serialised (a value nested thousands deep
 * would overflow the stack, and a big one would fill the message).
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 57 ? `${JSON.stringify(value.slice(0, 57)).slice(0, -1)}..."` : JSON.stringify(value);
  if (value !== null && typeof value === 'object') return typeName(value);
  return String(value);
}

const EXPECTED: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', boolean: 'a boolean (true or false)', number: 'a number' };

function reason(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      // A schema's own `error` (e.g. "must be … or null") beats the generic wording; zod's default starts "Invalid input".
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      if (input === undefined) return 'is required';
      // A query parameter that is no number arrives as NaN: "got a number" would contradict itself.
      if (typeof input === 'number' && Number.isNaN(input)) return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${typeName(input)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')} (got ${shown(input)})`;
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}`;
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `must have at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
      return `must have at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'}`;
    default:
      return issue.message;
  }
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${pathOf([...issue.path, key])}: is not a known field`);
    } else {
      lines.push(`${pathOf(issue.path)}: ${reason(issue)}`);
    }
  }
  return lines.join('; ');
}

/** Parses a request body or throws the 400 that says what is wrong with it. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error.issues));
  return parsed.data;
}

export const MIN_EXPIRY_LEAD_MS = 60_000;

export const nameField = z.string().trim().min(1).max(200);

/**
 * An id given in a body (`integrated_account_id`): checked as an id before
 * any lookup, so what could never name a record (`../x`, 5,000 characters)
 * is a 400 naming the field, never a store key.
 */
export const recordIdField = (what: string) =>
  z.string({ error: `must be ${what} id or null` }).regex(RECORD_ID, { error: `must be ${what} id (1 to 64 letters, digits, - or _)` });

/** A non-empty string without surrounding blanks, for ids and credentials. */
export const textField = (max = 500) => z.string().trim().min(1).max(max);

/**
 * The upstream client refuses a URL with credentials, a query or a fragment; refused here
 * too, it is a 400 naming the field instead of a stored account whose every MCP call is a 500.
 */
export const httpUrlField = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine(
  (value) => {
    const url = new URL(value);
    return !url.username && !url.password && !url.search && !url.hash;
  },
  { message: 'must not carry credentials, a query or a fragment', when: (payload) => payload.issues.length === 0 },
);

/**
 * `expires_at`: an ISO 8601 date-time with a zone, at least 60 s after `now()`
 * at the time of the request, or `null` for no expiry. Stored normalised to UTC.
 */
export function expiresAtField(now: () => number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be an ISO 8601 date-time string or null, got ${typeName(issue.input)}`) })
    .nullable()
    .superRefine((value, ctx) => {
      if (value === null) return;
      if (!z.iso.datetime({ offset: true }).safeParse(value).success) {
        ctx.addIssue({ code: 'custom', message: `must be an ISO 8601 date-time with a time zone, e.g. 2030-01-31T18:00:00Z (got ${shown(value)})` });
        return;
      }
      const lead = Date.parse(value) - now();
      if (lead < MIN_EXPIRY_LEAD_MS) {
        const when = lead <= 0 ? 'is in the past' : `is only ${Math.ceil(lead / 1000)} s ahead`;
        ctx.addIssue({ code: 'custom', message: `${when}; it must be at least ${MIN_EXPIRY_LEAD_MS / 1000} seconds in the future (or null)` });
      }
    })
    .transform((value) => (value === null ? null : new Date(value).toISOString()));
}
