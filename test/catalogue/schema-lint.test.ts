import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect, it } from 'vitest';
import { toolsListing } from '../../scripts/derived-files.ts';

/**
 * Every input schema compiles without a warning under Ajv's default strict
 * mode with its formats, which is how the MCP SDK's clients and the MCP
 * Inspector compile them; and no schema is the empty `{}` (what the
 * Inspector flagged as `additionalProperties: {}`), which says nothing of a
 * value's type.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function emptySchemas(node: unknown, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => emptySchemas(child, `${path}/${index}`));
  if (typeof node !== 'object' || node === null) return [];
  const own = Object.entries(node as Record<string, unknown>);
  const empty = own.filter(([key, value]) => key !== 'properties' && typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
  return [...empty.map(([key]) => `${path}/${key}`), ...own.flatMap(([key, value]) => emptySchemas(value, `${path}/${key}`))];
}

// The schemas as served to the demo account, object_key's vocabulary included.
const served = toolsListing() as { name: string; inputSchema: Record<string, unknown> }[];

it.each(served.map((tool) => [tool.name, tool] as const))('%s: its input schema compiles under strict Ajv with no warning and holds no empty schema', (_name, tool) => {
  const warnings: string[] = [];
  const ajv = addFormats(new Ajv({ logger: { log: () => {}, warn: (...args: unknown[]) => void warnings.push(args.join(' ')), error: (...args: unknown[]) => void warnings.push(args.join(' ')) } }));
  const schema = tool.inputSchema;
  ajv.compile(schema);
  expect(warnings).toEqual([]);
  expect(emptySchemas(schema, '#')).toEqual([]);
});
