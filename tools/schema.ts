import { z } from 'zod';
import type { ToolDefinition } from './define.ts';

export type JsonSchemaObject = Record<string, unknown> & { type: 'object'; properties?: Record<string, Record<string, unknown>> };

/**
 * A tool's input as JSON Schema, the one conversion used for `tools/list`
 * and for the committed snapshot. It describes what a caller may send
 * (`io: 'input'`), so arguments with defaults are optional. Costly enough
 * that the gateway does it once per tool, at start-up.
 */
export function toolInputJsonSchema(tool: ToolDefinition): JsonSchemaObject {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(tool.input, { io: 'input' });
  return schema as JsonSchemaObject;
}
