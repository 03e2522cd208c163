import { ToolInputError, type ObjectDefinition, type ObjectField, type ToolContext } from './define.ts';
import { recordIdResolver, type RecordIdResolver } from './record-ids.ts';

/**
 * Turns a model's `fields` into Rose Rocket's `json`, and checks what can be
 * checked before the write goes upstream: required fields, and links given
 * as bare ids (Rose Rocket wants `{id}`).
 */

type Fields = Record<string, unknown>;

function isLink(field: ObjectField): boolean {
  return field.type === 'connection' || field.typeConfig?.objectKey !== undefined;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A link given as a string (a uuid, a fullId such as CUST-1, or a number) becomes `{id}` with the uuid it names. */
async function linkValue(ids: RecordIdResolver, field: ObjectField, value: unknown): Promise<unknown> {
  const one = async (item: unknown, name: string) => (typeof item === 'string' ? { id: (await ids.resolve(item, field.typeConfig?.objectKey, name)).id } : item);
  if (Array.isArray(value)) return Promise.all(value.map((item, index) => one(item, `fields.${field.key}[${index}]`)));
  return one(value, `fields.${field.key}`);
}

/** The wire `json` for a set of fields: links given as ids or fullIds become `{id}`; everything else passes as given. */
async function toWireFields(ctx: ToolContext, fields: Fields, definition: ObjectDefinition | undefined): Promise<Fields> {
  if (!definition) return { ...fields };
  const links = new Map(definition.fields.filter(isLink).map((field) => [field.key, field]));
  const ids = recordIdResolver(ctx);
  const entries = await Promise.all(
    Object.entries(fields).map(async ([key, value]) => {
      const link = links.get(key);
      return [key, link && !isBlank(value) ? await linkValue(ids, link, value) : value] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function requiredKeys(definition: ObjectDefinition | undefined): string[] {
  return (definition?.fields ?? []).filter((field) => field.isRequired && !field.isDerived).map((field) => field.key);
}

function labelOf(definition: ObjectDefinition | undefined, objectKey: string): string {
  return definition?.label ?? objectKey;
}

function missingError(missing: readonly string[], reason: string): ToolInputError {
  const [first, ...others] = missing;
  const also = others.length ? `; also missing: ${others.map((key) => `fields.${key}`).join(', ')}` : '';
  return new ToolInputError(`fields.${first}`, `${reason}${also}`);
}

/** A required field may be left out of an update, but not emptied by it. */
function assertNoRequiredCleared(fields: Fields, definition: ObjectDefinition | undefined, objectKey: string): void {
  const cleared = requiredKeys(definition).filter((key) => key in fields && isBlank(fields[key]));
  if (cleared.length) throw missingError(cleared, `is required on every ${labelOf(definition, objectKey)} and cannot be emptied`);
}

/** `json` for a create; every required field must be present. */
export async function createJson(ctx: ToolContext, objectKey: string, fields: Fields): Promise<Fields> {
  const definition = await ctx.objectKeys.definition(objectKey);
  const missing = requiredKeys(definition).filter((key) => isBlank(fields[key]));
  if (missing.length) throw missingError(missing, `is required for a new ${labelOf(definition, objectKey)}`);
  return toWireFields(ctx, fields, definition);
}

/** `json` for a partial update; required fields may be omitted but not emptied. */
export async function updateJson(ctx: ToolContext, objectKey: string, fields: Fields): Promise<Fields> {
  const definition = await ctx.objectKeys.definition(objectKey);
  assertNoRequiredCleared(fields, definition, objectKey);
  return toWireFields(ctx, fields, definition);
}

/**
 * `json` for an upsert by external id. Whether it creates is only known by
 * asking, so Rose Rocket is asked only when a required field is missing and
 * the answer matters.
 */
export async function upsertJson(ctx: ToolContext, objectKey: string, externalId: string, fields: Fields, existed?: boolean): Promise<Fields> {
  if (fields.externalId !== undefined && fields.externalId !== externalId) {
    throw new ToolInputError('fields.externalId', `conflicts with external_id "${externalId}"; give the external id once, as external_id`);
  }
  const definition = await ctx.objectKeys.definition(objectKey);
  assertNoRequiredCleared(fields, definition, objectKey);
  const missing = requiredKeys(definition).filter((key) => isBlank(fields[key]));
  if (missing.length && !(existed ?? (await externalIdExists(ctx, objectKey, externalId)))) {
    throw missingError(missing, `is required because no ${labelOf(definition, objectKey)} has external id "${externalId}" yet, so this upsert would create one`);
  }
  return toWireFields(ctx, fields, definition);
}

/**
 * A 404 here is the answer "no such record", not a failure, so it is the one
 * upstream error a tool turns into a value; every other error still reaches
 * the gateway's seam unchanged.
 */
export async function externalIdExists(ctx: ToolContext, objectKey: string, externalId: string): Promise<boolean> {
  return ctx.call({ method: 'GET', path: ['objects', objectKey, externalId, 'external'] }).then(
    () => true,
    (error: unknown) => {
      if ((error as { status?: unknown } | null)?.status === 404) return false;
      throw error;
    },
  );
}

/**
 * The paths to ask for so that the `fields` a model picked come back whole:
 * a link is left out of a record unless named in `paths`, so a projection
 * naming a link (`["title", "assignee"]`) adds it. Fields that are not links
 * are not paths and are left out of them.
 */
export async function withLinkPaths(ctx: ToolContext, objectKey: string, paths: readonly string[] | undefined, fields: readonly string[] | undefined): Promise<string[] | undefined> {
  if (!fields?.length) return paths ? [...paths] : undefined;
  const definition = await ctx.objectKeys.definition(objectKey);
  const links = new Set((definition?.fields ?? []).filter(isLink).map((field) => field.key));
  const all = [...new Set([...(paths ?? []), ...fields.filter((field) => links.has(field))])];
  return all.length ? all : undefined;
}
