import { resolvePath } from './schema.ts';
import type { FieldTypeName, SearchFilter } from './types.ts';
import { isPlainObject } from './values.ts';

/** Checks search filters (and saved views' filters) into a typed list, naming each bad field. */
export const OPERATORS = [
  'in', 'notIn', 'equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'hasEvery', 'hasSome', 'empty', 'notEmpty', 'freeText', 'between',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const FIELD_TYPE_NAMES: readonly FieldTypeName[] = [
  'TextField', 'SelectField', 'DateField', 'ToggleField', 'ConnectionField', 'NumberField', 'DerivedField',
];

const LIST_OPERATORS = new Set<string>(['in', 'notIn', 'hasEvery', 'hasSome']);
const TEXT_OPERATORS = new Set<string>(['contains', 'startsWith', 'endsWith', 'freeText']);
const NO_VALUE_OPERATORS = new Set<string>(['empty', 'notEmpty']);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function checkFilters(objectKey: string, input: unknown, name: string, problems: string[]): SearchFilter[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    problems.push(`${name} must be an array`);
    return [];
  }
  const filters: SearchFilter[] = [];
  input.forEach((raw, i) => {
    const at = `${name}.${i}`;
    const before = problems.length;
    if (!isPlainObject(raw)) {
      problems.push(`${at} must be an object {path, operator, value, fieldType}`);
      return;
    }
    const { filterKey, path, operator, value, fieldType } = raw;
    if (filterKey !== undefined && typeof filterKey !== 'string') problems.push(`${at}.filterKey must be a string`);
    if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
      problems.push(`${at}.operator must be one of the following values: ${OPERATORS.join(', ')}`);
    }
    if (typeof fieldType !== 'string' || !(FIELD_TYPE_NAMES as readonly string[]).includes(fieldType)) {
      problems.push(`${at}.fieldType must be one of the following values: ${FIELD_TYPE_NAMES.join(', ')}`);
    }
    // freeText may search the whole record; every other operator needs a field.
    const pathOptional = operator === 'freeText';
    if (path === undefined || path === '') {
      if (!pathOptional) problems.push(`${at}.path should not be empty`);
    } else if (typeof path !== 'string') {
      problems.push(`${at}.path must be a string`);
    } else {
      const resolved = resolvePath(objectKey, path);
      if (typeof resolved === 'string') problems.push(`${at}.path: ${resolved}`);
    }
    if (typeof operator === 'string') checkValue(operator, value, at, problems);
    if (problems.length === before) {
      filters.push({
        ...(typeof filterKey === 'string' ? { filterKey } : {}),
        path: typeof path === 'string' ? path : '',
        operator,
        ...(value !== undefined ? { value } : {}),
        fieldType: fieldType as FieldTypeName,
      } as SearchFilter);
    }
  });
  return filters;
}

function checkValue(operator: string, value: unknown, at: string, problems: string[]) {
  if (NO_VALUE_OPERATORS.has(operator)) return;
  if (LIST_OPERATORS.has(operator)) {
    if (!Array.isArray(value) || !value.every(isScalar)) problems.push(`${at}.value must be an array of values for operator "${operator}"`);
  } else if (TEXT_OPERATORS.has(operator)) {
    if (typeof value !== 'string') problems.push(`${at}.value must be a string for operator "${operator}"`);
  } else if (operator === 'between') {
    const ok = Array.isArray(value) && value.length === 2 && value.every(isScalar) && value.some((v) => v !== null);
    if (!ok) problems.push(`${at}.value must be [from, to] for operator "between" (one side may be null)`);
  } else if (value === undefined || !isScalar(value)) {
    problems.push(`${at}.value must be a string, number, boolean or null for operator "${operator}"`);
  }
}
