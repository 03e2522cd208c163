import { z } from 'zod';
import { ToolInputError, type ObjectField, type ToolContext } from './define.ts';
import { recordIdResolver, type RecordIdResolver } from './record-ids.ts';

/**
 * Search filters: the model names a path, an operator and a value; Rose
 * Rocket also wants the field's type, which is inferred from the object
 * definitions so the model rarely has to know it.
 */

export const FILTER_OPERATORS = ['in', 'notIn', 'equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'hasEvery', 'hasSome', 'empty', 'notEmpty', 'freeText', 'between'] as const;
export const FIELD_TYPES = ['TextField', 'SelectField', 'DateField', 'ToggleField', 'ConnectionField', 'NumberField', 'DerivedField'] as const;
type Operator = (typeof FILTER_OPERATORS)[number];
type FieldType = (typeof FIELD_TYPES)[number];


export const simpleFilterInput = z.object({
  path: z.string().min(1).describe('Field key or link path (customer.name); a link takes record ids.'),
  operator: z
    .enum(FILTER_OPERATORS)
    .describe('List for in, notIn, hasEvery, hasSome; [from, to] for between.'),
  // Any JSON here: what a value must be depends on the operator, and wireValue says so, naming the filter.
  value: z
    .unknown()
    .optional()
    .describe('Value, or list.'),
});

export const searchFilterInput = simpleFilterInput.extend({
  field_type: z
    .enum(FIELD_TYPES)
    .optional()
    .describe('Inferred; give only for fields the definition lacks.'),
});

export type SimpleFilter = z.output<typeof simpleFilterInput>;
export type SearchFilter = z.output<typeof searchFilterInput>;

export interface UpstreamFilter {
  path: string;
  operator: Operator;
  value?: unknown;
  fieldType: FieldType;
}

const LIST_OPERATORS: ReadonlySet<Operator> = new Set(['in', 'notIn', 'hasEvery', 'hasSome']);
const VALUELESS_OPERATORS: ReadonlySet<Operator> = new Set(['empty', 'notEmpty']);

const TYPE_BY_DEFINITION: Record<string, FieldType> = {
  text: 'TextField',
  select: 'SelectField',
  date: 'DateField',
  dateTime: 'DateField',
  toggle: 'ToggleField',
  connection: 'ConnectionField',
  number: 'NumberField',
  money: 'NumberField',
  derived: 'DerivedField',
};

/** Fields every record has [doc], which object definitions do not list. */
const SYSTEM_DATE_FIELDS: ReadonlySet<string> = new Set(['createdAt', 'updatedAt']);

function fieldTypeOf(field: ObjectField | undefined, path: string): FieldType {
  if (!field) return SYSTEM_DATE_FIELDS.has(path) ? 'DateField' : 'TextField';
  if (field.isDerived) return 'DerivedField';
  return TYPE_BY_DEFINITION[field.type] ?? (field.typeConfig?.objectKey ? 'ConnectionField' : 'TextField');
}

/** Follows a dotted path through links to the field it ends on, if the definitions know it. */
async function fieldAt(ctx: ToolContext, objectKey: string, path: string): Promise<ObjectField | undefined> {
  const [head, ...rest] = path.split('.');
  const definition = await ctx.objectKeys.definition(objectKey);
  const field = definition?.fields.find((candidate) => candidate.key === head);
  if (rest.length === 0) return field;
  const linked = field?.typeConfig?.objectKey;
  return linked === undefined ? undefined : fieldAt(ctx, linked, rest.join('.'));
}

function wireValue(filter: SimpleFilter, name: string): unknown {
  const { operator, value } = filter;
  if (VALUELESS_OPERATORS.has(operator)) return undefined;
  if (value === undefined) throw new ToolInputError(`${name}.value`, `is required for the ${operator} operator`);
  if (LIST_OPERATORS.has(operator)) return Array.isArray(value) ? value : [value];
  if (operator === 'between') {
    if (!Array.isArray(value) || value.length !== 2) throw new ToolInputError(`${name}.value`, 'must be a list of two values, [from, to], for the between operator');
    return value;
  }
  if (Array.isArray(value)) throw new ToolInputError(`${name}.value`, `must be a single value for the ${operator} operator (use in for a list)`);
  return value;
}

/**
 * The wire form of a list of filters. `argument` names the input field, so
 * errors point at e.g. `filters[2].value`.
 */
export async function toUpstreamFilters(
  ctx: ToolContext,
  objectKey: string | undefined,
  filters: readonly SearchFilter[] | undefined,
  argument = 'filters',
): Promise<UpstreamFilter[]> {
  const ids = recordIdResolver(ctx);
  return Promise.all(
    (filters ?? []).map(async (filter, index): Promise<UpstreamFilter> => {
      const field = objectKey === undefined ? undefined : await fieldAt(ctx, objectKey, filter.path);
      const fieldType = filter.field_type ?? fieldTypeOf(field, filter.path);
      const value = await linkedIds(ids, field, wireValue(filter, `${argument}[${index}]`), `${argument}[${index}].value`);
      // Live Rose Rocket answers 500 to SelectField + equals, and to DerivedField + in, while the other
      // of the two works; for one value they mean the same, so the one that works is sent.
      if (fieldType === 'SelectField' && filter.operator === 'equals') {
        return { path: filter.path, operator: 'in', value: [value], fieldType };
      }
      if (fieldType === 'DerivedField' && filter.operator === 'in' && Array.isArray(value) && value.length === 1) {
        return { path: filter.path, operator: 'equals', value: value[0], fieldType };
      }
      // ...and to DateField + between: a range of whole days is sent as in, one value a day, which
      // matches a date, and a date-time on that day.
      if (fieldType === 'DateField' && filter.operator === 'between') {
        return { path: filter.path, operator: 'in', value: daysBetween(value as unknown[], `${argument}[${index}].value`), fieldType };
      }
      return { path: filter.path, operator: filter.operator, ...(value === undefined ? {} : { value }), fieldType };
    }),
  );
}

/**
 * A filter on a link itself (`customer`, not `customer.name`) compares
 * record ids: "CUST-1" or 99281 there would match nothing, and a model
 * would report no records. Its values are resolved as every record-id
 * argument is (record-ids.ts), and a value that is no id is refused.
 */
async function linkedIds(ids: RecordIdResolver, field: ObjectField | undefined, value: unknown, name: string): Promise<unknown> {
  const kind = field?.type === 'connection' && !field.isDerived ? field.typeConfig?.objectKey : undefined;
  if (kind === undefined || value === undefined) return value;
  const one = async (item: unknown, at: string) => (typeof item === 'string' || typeof item === 'number' ? (await ids.resolve(String(item), kind, at)).id : item);
  return Array.isArray(value) ? Promise.all(value.map((item, i) => one(item, `${name}[${i}]`))) : one(value, name);
}

/** The longest date range sent as a list of days: a quarter, which keeps the request small. */
export const MAX_DATE_RANGE_DAYS = 92;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** `[from, to]`, two whole days, as every day from one to the other, both included. */
function daysBetween(range: unknown[], name: string): string[] {
  const [from, to] = range;
  const bad = (why: string) =>
    new ToolInputError(name, `${why}: live Rose Rocket cannot search a date field with between, so a range is sent as its days; give [from, to] as "YYYY-MM-DD", both given, at most ${MAX_DATE_RANGE_DAYS} days apart (e.g. ["2026-03-01", "2026-03-07"])`);
  if (typeof from !== 'string' || typeof to !== 'string' || !DAY.test(from) || !DAY.test(to)) throw bad('needs two whole days');
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a day that does not read back the same does not exist.
  const real = (ms: number, day: string) => !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
  if (!real(start, from) || !real(end, to)) throw bad('needs two real days');
  if (end < start) throw bad(`"${to}" is before "${from}"`);
  const count = (end - start) / DAY_MS + 1;
  if (count > MAX_DATE_RANGE_DAYS) throw bad(`spans ${count} days`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}
