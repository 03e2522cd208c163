import type { Tool } from '@modelcontextprotocol/server';
import type { ToolAnnotations, ToolDefinition } from '../../tools/define.ts';
import { kindVocabulary } from '../../tools/kinds.ts';
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
  /** Whether the input has a top-level `object_key`, whose description gets the account's kinds the tool takes. */
  takesObjectKey: boolean;
}

export interface ServedCatalogue {
  filter: ToolFilter;
  tools: readonly CompiledTool[];
  byName: ReadonlyMap<string, CompiledTool>;
  /** Catalogue tools this filter leaves out: a call to one is refused with the reason, never run. */
  excluded: ReadonlyMap<string, ToolDefinition>;
  /** The `tools/list` answer for an account whose kinds have this signature. */
  listing(kinds: AccountKinds): Tool[];
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

/** An account's kinds as a listing states them: the keys, and each one's label where known. */
export interface AccountKinds {
  keys: readonly string[];
  /** Changes whenever `keys` (or a label) does; listings are cached under it. */
  signature: string;
  definitions?: ReadonlyMap<string, { label?: string }>;
}

/**
 * Each tool's `object_key` says which of the account's kinds it takes
 * (kindVocabulary says why that is a description and not an enum). The
 * compiled schemas are never changed: a listing gets copies.
 */
function withKindVocabulary(tools: readonly CompiledTool[], account: AccountKinds): Tool[] {
  const takers = tools.filter((t) => t.takesObjectKey);
  const kinds = account.keys.map((key) => ({ key, label: account.definitions?.get(key)?.label }));
  const said = kindVocabulary(takers.map((t) => ({ name: t.definition.name, scope: t.definition.kinds ?? 'records' })), kinds);
  return tools.map((tool) => {
    const text = said.get(tool.definition.name);
    if (!text) return tool.listing;
    const schema = tool.listing.inputSchema;
    const property = schema.properties!.object_key as { description?: string };
    const description = property.description ? `${property.description} ${text}` : text;
    return { ...tool.listing, inputSchema: { ...schema, properties: { ...schema.properties, object_key: { ...property, description } } } };
  });
}

/** The bytes of a filter's `tools/list` (compact JSON of the `tools` array) for an account with these keys: the figure the README prints and a test holds under budget. */
export function listingBytes(definitions: readonly ToolDefinition[], filter: ToolFilter, kinds: AccountKinds): number {
  const tools = compileCatalogue(definitions).serve(filter).listing(kinds);
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
      listing(kinds) {
        let listing = listings.get(kinds.signature);
        if (!listing) {
          if (listings.size >= MAX_LISTINGS_PER_FILTER) listings.delete(listings.keys().next().value!);
          listing = withKindVocabulary(tools, kinds);
          listings.set(kinds.signature, listing);
        }
        return listing;
      },
    };
    served.set(key, entry);
    return entry;
  }

  return { all, serve };
}
