import type { z } from 'zod';
import type { ToolContext, ToolDefinition } from './define.ts';
import { resolveKind } from './kinds.ts';
import { recordIdResolver } from './record-ids.ts';

type ToolInput = z.ZodObject;
type Args = Record<string, unknown>;

/**
 * Runs a tool against a context: the one place both kinds of tool meet.
 * Before the tool sees its arguments, its `object_key` is resolved and
 * checked against the kinds it takes, and every record id it declares is
 * turned into a uuid, so no tool repeats either.
 */
export async function runTool<I extends ToolInput>(tool: ToolDefinition<I>, args: z.output<I>, ctx: ToolContext): Promise<unknown> {
  const prepared = (await prepareArgs(tool, args as Args, ctx)) as z.output<I>;
  if ('run' in tool) return tool.run(prepared, ctx);
  const { body } = await ctx.call(await tool.request(prepared, ctx));
  return tool.result ? tool.result(body, prepared) : body;
}

async function prepareArgs(tool: ToolDefinition, args: Args, ctx: ToolContext): Promise<Args> {
  const out: Args = { ...args };
  if (typeof out.object_key === 'string') out.object_key = await resolveKind(ctx, out.object_key, tool.kinds ?? 'records');
  const ids = recordIdResolver(ctx);
  for (const [name, kind] of Object.entries(tool.ids ?? {})) {
    const value = out[name];
    if (value === undefined) continue;
    const objectKey = kind === "object_key" || kind === "any" ? (out.object_key as string | undefined) : kind;
    if (Array.isArray(value)) {
      out[name] = await Promise.all(value.map(async (item, index) => (await ids.resolve(String(item), objectKey, `${name}[${index}]`)).id));
      continue;
    }
    const resolved = await ids.resolve(String(value), objectKey, name);
    out[name] = resolved.id;
    // A fullId told the kind: a tool with an optional object_key learns it, as if it had been given.
    if (kind === 'any' && out.object_key === undefined && resolved.objectKey && 'object_key' in tool.input.shape) out.object_key = resolved.objectKey;
  }
  return out;
}
