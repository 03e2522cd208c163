import { z } from 'zod';
import { READS } from './annotations.ts';
import { defineTool } from './define.ts';
import { arrayIn, pageOf, pageOfAll, pagingInput } from './paging.ts';
import { objectKeyArg } from './params.ts';

/**
 * Object definitions: which kinds of record the account has and their
 * fields. Rose Rocket has no public endpoint for them; these tools read the
 * one the mock (and an account that exposes it) serves.
 */

const TAGS = ['objects', 'logistics'] as const;

interface DefinitionSummary {
  key: unknown;
  label: unknown;
  fieldCount: number;
  requiredFields: unknown[];
}

/** `requiredFields` are those a create must give: a derived field is computed, never written, so it is left out, as the write checks do. */
function summary(definition: unknown): DefinitionSummary {
  const { key, label, fields } = definition as { key?: unknown; label?: unknown; fields?: unknown };
  const list = Array.isArray(fields) ? (fields as { key?: unknown; isRequired?: unknown; isDerived?: unknown }[]) : [];
  const required = list.filter((field) => field.isRequired === true && field.isDerived !== true);
  return { key, label, fieldCount: list.length, requiredFields: required.map((field) => field.key) };
}

export const listObjectDefinitions = defineTool({
  name: 'list_all_roserocket_object_definitions',
  title: 'List the kinds of record',
  description: "List the kinds of record (custom ones end in __c) with their required fields.",
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { limit: 20 },
  input: z.object({ ...pagingInput() }),
  request: () => ({ method: 'GET', path: ['recipes', 'current', 'objects'] }),
  result: (body, args) => pageOfAll(arrayIn(body).map(summary), pageOf(args)),
});

export const getObjectDefinition = defineTool({
  name: 'get_single_roserocket_object_definition_by_id',
  title: 'Get the fields of one kind of record',
  description: "Read the fields of a kind: keys, types, select options, required, links. Read it before writing a kind.",
  method: 'get',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'Load' },
  input: z.object({ object_key: objectKeyArg }),
  kinds: 'all',
  request: (args) => ({ method: 'GET', path: ['recipes', 'current', 'objects', args.object_key] }),
});

export const OBJECT_DEFINITION_TOOLS = [listObjectDefinitions, getObjectDefinition];
