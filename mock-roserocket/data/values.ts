import type { FieldDef } from './types.ts';

/**
 * Write shapes of single field values, as the live API enforces them. Each
 * check answers the stored value or the reason it was refused; the caller
 * prefixes `Error setting field <key>: `.
 */
export type Checked = { ok: true; value: unknown } | { ok: false; reason: string };

const ok = (value: unknown): Checked => ({ ok: true, value });
const fail = (reason: string): Checked => ({ ok: false, reason });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const ZONED = /(Z|[+-]\d{2}:?\d{2})$/i;
const CURRENCY = /^[A-Z]{3}$/;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkLocalDateTime(name: string, value: unknown): string | null {
  if (typeof value !== 'string') return `${name} must be a string "YYYY-MM-DDTHH:MM:SS"`;
  // The trap the live API is known for: an ISO instant with Z is refused, the time is local to the location.
  if (ZONED.test(value)) return `${name} must be a local date-time without a timezone suffix ("Z" or an offset), got "${value}"`;
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match || !isCalendarDate(match[1]!) || Number(match[2]) > 23 || Number(match[3]) > 59 || Number(match[4] ?? 0) > 59) {
    return `${name} must be a local date-time "YYYY-MM-DDTHH:MM:SS", got "${value}"`;
  }
  return null;
}

function checkDateTime(value: unknown): Checked {
  if (!isPlainObject(value)) {
    return fail('dateTime must be an object {dateTimeInLocation: "YYYY-MM-DDTHH:MM:SS", dateTimeInLocationEnd?}');
  }
  const unknownKeys = Object.keys(value).filter((k) => !['dateTimeInLocation', 'dateTimeInLocationEnd', 'timezone'].includes(k));
  if (unknownKeys.length) return fail(`dateTime has unknown keys: ${unknownKeys.join(', ')}`);
  const start = checkLocalDateTime('dateTimeInLocation', value.dateTimeInLocation);
  if (start) return fail(start);
  const end = value.dateTimeInLocationEnd ?? null;
  if (end !== null) {
    const problem = checkLocalDateTime('dateTimeInLocationEnd', end);
    if (problem) return fail(problem);
    if ((end as string) < (value.dateTimeInLocation as string)) return fail('dateTimeInLocationEnd must not be before dateTimeInLocation');
  }
  if (value.timezone !== undefined && typeof value.timezone !== 'string') return fail('timezone must be a string');
  return ok({
    dateTimeInLocation: value.dateTimeInLocation,
    dateTimeInLocationEnd: end,
    ...(value.timezone !== undefined ? { timezone: value.timezone } : {}),
  });
}

function checkMoney(value: unknown): Checked {
  const shape = 'money must be {amount: integer in minor units, currencyCode: "USD"}';
  if (!isPlainObject(value)) return fail(shape);
  const unknownKeys = Object.keys(value).filter((k) => k !== 'amount' && k !== 'currencyCode');
  if (unknownKeys.length) return fail(`${shape}; unknown keys: ${unknownKeys.join(', ')}`);
  if (typeof value.amount !== 'number' || !Number.isInteger(value.amount)) {
    return fail(`amount must be an integer in minor units (cents), got ${JSON.stringify(value.amount ?? null)}`);
  }
  if (typeof value.currencyCode !== 'string' || !CURRENCY.test(value.currencyCode)) {
    return fail(`currencyCode must be a three-letter ISO 4217 code, got ${JSON.stringify(value.currencyCode ?? null)}`);
  }
  return ok({ amount: value.amount, currencyCode: value.currencyCode });
}

/** A non-null value for a non-connection, non-derived field. */
export function checkValue(field: FieldDef, value: unknown): Checked {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' ? ok(value) : fail('must be a string');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? ok(value) : fail('must be a number');
    case 'toggle':
      return typeof value === 'boolean' ? ok(value) : fail('must be a boolean');
    case 'select': {
      const options = field.typeConfig.options ?? [];
      return typeof value === 'string' && options.includes(value)
        ? ok(value)
        : fail(`${JSON.stringify(value)} is not a valid option; must be one of: ${options.join(', ')}`);
    }
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? ok(value) : fail(`date must be a string "YYYY-MM-DD", got ${JSON.stringify(value)}`);
    case 'dateTime':
      return checkDateTime(value);
    case 'money':
      return checkMoney(value);
    default:
      return fail(`${field.type} fields are not written as plain values`);
  }
}
