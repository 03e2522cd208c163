import { describe, expect, it } from 'vitest';
import { objectKeyDirectory } from '../../gateway/account/object-keys.ts';
import { compileCatalogue } from '../../gateway/mcp/catalogue.ts';
import { DEFINITIONS } from '../../mock-roserocket/data/definitions.ts';
import { demoKinds } from '../../scripts/derived-files.ts';
import { ToolInputError, type ToolContext } from '../../tools/define.ts';
import { TOOLS } from '../../tools/index.ts';
import { resolveKind } from '../../tools/kinds.ts';
import { BUILT_IN_OBJECT_DEFINITIONS } from '../../tools/object-catalogue.ts';

/**
 * "A kind is offered to a tool only where that tool works for it" (issue
 * 11), now that the offer is words rather than an enum: for every tool of
 * the demo listing, the kinds its `object_key` description names are
 * exactly the account's kinds the gateway lets through to it, and each
 * refusal lists what the tool takes.
 */

const definitions = [...DEFINITIONS.values()];
const directory = objectKeyDirectory({ call: async () => ({ status: 200, body: definitions }) as never, builtin: BUILT_IN_OBJECT_DEFINITIONS, ttlMs: 60_000 });
const ctx = { objectKeys: directory } as unknown as ToolContext;
const listing = compileCatalogue(TOOLS).serve({ methods: [], tags: [] }).listing(demoKinds());
const takers = listing.filter((tool) => tool.inputSchema.properties?.object_key);

/** The kinds a model reads off the listing, in the two forms kindVocabulary writes. */
function statedKinds(name: string): string[] {
  const said = (tool: (typeof listing)[number]) => (tool.inputSchema.properties!.object_key as { description: string }).description;
  const full = said(takers[0]!).match(/One of: ([^;]+);/)![1]!.split(', ').map((kind) => kind.replace(/ \(".*"\)$/, ''));
  if (name === takers[0]!.name) return full;
  const relative = said(takers.find((tool) => tool.name === name)!).match(/Kinds as in \w+(?:, except ([^.]+?))?(?:, plus ([^.]+))?\.$/)!;
  const except = relative[1]?.split(', ') ?? [];
  return [...full.filter((kind) => !except.includes(kind)), ...(relative[2]?.split(', ') ?? [])].sort();
}

describe('what each object_key says it takes', () => {
  it('is stated for every tool that takes a kind, naming the custom kind with its label', () => {
    expect(takers.length).toBeGreaterThan(10);
    expect((takers[0]!.inputSchema.properties!.object_key as { description: string }).description).toContain('load__c ("Truck Load")');
  });

  it.each(takers.map((tool) => [tool.name]))('%s: names exactly the kinds the gateway lets through to it', async (name) => {
    const scope = TOOLS.find((tool) => tool.name === name)!.kinds ?? 'records';
    const taken: string[] = [];
    for (const key of DEFINITIONS.keys()) {
      const outcome = await resolveKind(ctx, key, scope).catch((error: unknown) => error);
      if (outcome === key) taken.push(key);
      else {
        expect(outcome, `${name} ${key}`).toBeInstanceOf(ToolInputError);
        // The refusal lists what the tool does take, so the model can pick again.
        expect((outcome as ToolInputError).message).toContain(`This tool takes: ${statedKinds(name).join(', ')}`);
      }
    }
    expect(taken.sort()).toEqual(statedKinds(name));
  });
});
