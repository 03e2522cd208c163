import { z } from 'zod';
import type { ToolDefinition } from './define.ts';

export type JsonSchemaObject = Record<string, unknown> & { type: 'object'; properties?: Record<string, Record<string, unknown>> };

/**
 * A tool's input as JSON Schema, the one conversion used for `tools/list`
 * and for the committed snapshot. It describes what a caller may send
 * (`io: 'input'`), so arguments with defaults are optional. Costly enough
 * that the gateway does it once per tool, at start-up.
 *
 * zod's output is then made plain for strict validators and small for a
 * model's context (`lean`): every byte of it is read by the model on every
 * conversation.
 */
export function toolInputJsonSchema(tool: ToolDefinition): JsonSchemaObject {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(tool.input, { io: 'input' });
  return lean(schema) as JsonSchemaObject;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * - `minLength: 1` goes: the gateway refuses an empty string, naming it.
 * - `format: "uuid"` says it all: zod's regex beside it is ~90 bytes a uuid
 *   argument that no client needs.
 * - A `type` list (`["string","number"]`) is a union Ajv's strict mode (what
 *   the SDK and the Inspector compile schemas with) warns about: it becomes
 *   an `anyOf` of single types.
 * - An open record's `additionalProperties: {}` and `propertyNames:
 *   {type:"string"}` say nothing an object doesn't already allow, and the
 *   Inspector flags the empty schema: both go.
 */
function lean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lean);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && node.format === 'uuid') continue;
    // "Not empty" is checked by the gateway with a message naming the field; in every string schema it cost ~1.2 KB.
    if (key === 'minLength' && value === 1) continue;
    if (key === 'additionalProperties' && isNode(value) && Object.keys(value).length === 0) continue;
    if (key === 'propertyNames' && isNode(value) && value.type === 'string' && Object.keys(value).length === 1) continue;
    // `properties` maps names to schemas: its keys are names, not keywords, so only its values are walked.
    out[key] = key === 'properties' && isNode(value) ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, lean(child)])) : lean(value);
  }
  if (Array.isArray(out.type)) {
    const { type: types, ...rest } = out;
    return { ...rest, anyOf: (types as string[]).map((type) => ({ type })) };
  }
  // An `anyOf` member that is only an `anyOf` (a type list just split) is spliced into its parent.
  if (Array.isArray(out.anyOf)) {
    out.anyOf = out.anyOf.flatMap((member: unknown) => (isNode(member) && Object.keys(member).length === 1 && Array.isArray(member.anyOf) ? member.anyOf : [member]));
  }
  return out;
}
