import type { Tool } from '@modelcontextprotocol/server';
import type { ToolAnnotations, ToolDefinition } from '../../tools/define.ts';
import { kindsFor } from '../../tools/kinds.ts';
import { toolInputJsonSchema } from '../../tools/schema.ts';
import { allowedTools, filterKey, type ToolFilter } from '../access.ts';
import { derivedOnce } from '../store/frozen.ts';

/**
 * The catalogue as the MCP endpoint serves it, compiled once: each tool's
 * JSON Schema the first time any listing needs it (a tools/call never does,
 * so start-up doesn't wait for 29 schemas), each filter's tool list the
 * first time that filter is seen, and each (filter, account object keys)
 * listing the first time it is asked for. A request then does two map
 * look-ups, whatever the size of the catalogue.
 */
export interface CompiledTool {
  definition: ToolDefinition;
  listing: Tool;
  /** Whether the input has a top-level `object_key`, which gets the account's keys as an enum. */
  takesObjectKey: boolean;
}

export interface ServedCatalogue {
  filter: ToolFilter;
  tools: readonly CompiledTool[];
  byName: ReadonlyMap<string, CompiledTool>;
  /** Catalogue tools this filter leaves out: a call to one is refused with the reason, never run. */
  excluded: ReadonlyMap<string, ToolDefinition>;
  /** The `tools/list` answer for an account whose object keys have this signature. */
  listing(keys: { keys: readonly string[]; signature: string }): Tool[];
}

/**
 * The hints a client would not infer from the MCP defaults (readOnlyHint
 * false, destructiveHint true, idempotentHint false, openWorldHint true; the
 * middle two mean nothing on a read-only tool). Definitions keep all four
 * explicit; the listing says only what differs, which is the same to every
 * client and ~2 KB less for every model to read.
 */
function listedAnnotations({ readOnlyHint, destructiveHint, idempotentHint, openWorldHint }: ToolAnnotations): Tool['annotations'] {
  return {
    ...(readOnlyHint && { readOnlyHint }),
    ...(!readOnlyHint && !destructiveHint && { destructiveHint }),
    ...(!readOnlyHint && idempotentHint && { idempotentHint }),
    ...(!openWorldHint && { openWorldHint }),
  };
}

function listingOf(definition: ToolDefinition): Tool {
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: toolInputJsonSchema(definition) as Tool['inputSchema'],
    annotations: listedAnnotations(definition.annotations),
  };
}

function compile(definition: ToolDefinition): CompiledTool {
  let listing: Tool | undefined;
  return {
    definition,
    get listing() {
      return (listing ??= listingOf(definition));
    },
    takesObjectKey: 'object_key' in definition.input.shape,
  };
}

/** The tool's `object_key` offers the account's keys that this tool works for, and no other. */
function withObjectKeyEnum(tool: CompiledTool, keys: readonly string[]): Tool {
  if (!tool.takesObjectKey || keys.length === 0) return tool.listing;
  const schema = tool.listing.inputSchema;
  const property = schema.properties!.object_key as Record<string, unknown>;
  return {
    ...tool.listing,
    inputSchema: { ...schema, properties: { ...schema.properties, object_key: { ...property, enum: kindsFor(tool.definition.kinds ?? 'records', keys) } } },
  };
}

/** The bytes of a filter's `tools/list` (compact JSON of the `tools` array) for an account with these keys: the figure the README prints and a test holds under budget. */
export function listingBytes(definitions: readonly ToolDefinition[], filter: ToolFilter, keys: readonly string[]): number {
  const tools = compileCatalogue(definitions).serve(filter).listing({ keys, signature: keys.join(',') });
  return new TextEncoder().encode(JSON.stringify(tools)).length;
}

/** Bounded, so a churn of account key sets cannot grow one filter's listings without limit. */
const MAX_LISTINGS_PER_FILTER = 64;

export function compileCatalogue(definitions: readonly ToolDefinition[]) {
  const all = definitions.map(compile);
  const served = new Map<string, ServedCatalogue>();

  /** By the filter object itself too: a record the store hands out unchanged carries the same one on every request. */
  const serve = derivedOnce(serveByKey);

  function serveByKey(filter: ToolFilter): ServedCatalogue {
    const key = filterKey(filter);
    let entry = served.get(key);
    if (entry) return entry;
    const tools = allowedTools(all.map((t) => t.definition), filter).map((d) => all.find((t) => t.definition === d)!);
    const listings = new Map<string, Tool[]>();
    entry = {
      filter,
      tools,
      byName: new Map(tools.map((t) => [t.definition.name, t])),
      excluded: new Map(all.filter((t) => !tools.includes(t)).map((t) => [t.definition.name, t.definition])),
      listing({ keys, signature }) {
        let listing = listings.get(signature);
        if (!listing) {
          if (listings.size >= MAX_LISTINGS_PER_FILTER) listings.delete(listings.keys().next().value!);
          listing = tools.map((t) => withObjectKeyEnum(t, keys));
          listings.set(signature, listing);
        }
        return listing;
      },
    };
    served.set(key, entry);
    return entry;
  }

  return { all, serve };
}
