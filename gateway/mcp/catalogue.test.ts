import { describe, expect, it, vi } from 'vitest';
import * as schema from '../../tools/schema.ts';
import { TOOLS } from '../../tools/index.ts';
import { compileCatalogue } from './catalogue.ts';
import { toolNames } from '../../test/support/tool-names.ts';

// A pass-through, so the tests below can count JSON Schema compilations.
vi.mock('../../tools/schema.ts', async (original) => {
  const actual = await original<typeof import('../../tools/schema.ts')>();
  return { ...actual, toolInputJsonSchema: vi.fn(actual.toolInputJsonSchema) };
});

const keys = { keys: ['customer', 'order'], signature: 's1' };

describe('the compiled catalogue', () => {
  const catalogue = compileCatalogue(TOOLS);

  it('compiles no JSON Schema until a listing needs one, then each exactly once', () => {
    const compiled = vi.mocked(schema.toolInputJsonSchema);
    compiled.mockClear();
    const fresh = compileCatalogue(TOOLS);
    const served = fresh.serve({ methods: [], tags: [] });
    expect(served.byName.get('get_single_roserocket_object_by_id')).toBeDefined();
    expect(compiled).not.toHaveBeenCalled();
    served.listing(keys);
    served.listing({ keys: ['order'], signature: 's2' });
    fresh.serve({ methods: ['read'], tags: [] }).listing(keys);
    expect(compiled).toHaveBeenCalledTimes(TOOLS.length);
  });

  it('serves each filter its tools in catalogue order', () => {
    const all = catalogue.serve({ methods: [], tags: [] });
    expect(all.tools.map((t) => t.definition.name)).toEqual(TOOLS.map((t) => t.name));
    const events = catalogue.serve({ methods: [], tags: ['events'] });
    expect([...events.byName.keys()]).toEqual(toolNames({ tag: 'events' }));
  });

  it('serves a frozen filter (a record the store hands out unchanged) by the filter itself, and another by its own', () => {
    const events = Object.freeze({ methods: [], tags: ['events'] });
    const reads = Object.freeze({ methods: ['read'], tags: [] });
    expect(catalogue.serve(events)).toBe(catalogue.serve(events));
    expect(catalogue.serve(events)).toBe(catalogue.serve({ methods: [], tags: ['events'] }));
    expect([...catalogue.serve(reads).byName.keys()]).not.toContain('create_a_roserocket_event');
    expect([...catalogue.serve(events).byName.keys()]).toEqual(toolNames({ tag: 'events' }));
  });

  it('compiles a filter once, whatever order its selectors come in', () => {
    expect(catalogue.serve({ methods: ['read', 'custom'], tags: [] })).toBe(catalogue.serve({ methods: ['custom', 'read'], tags: [] }));
  });

  it("injects the account's object keys as an enum on object_key, and nowhere else", () => {
    const listing = catalogue.serve({ methods: [], tags: [] }).listing(keys);
    const list = listing.find((t) => t.name === 'list_all_roserocket_objects')!;
    expect((list.inputSchema.properties!.object_key as { enum: string[] }).enum).toEqual(['customer', 'order']);
    const members = listing.find((t) => t.name === 'list_all_roserocket_user_group_members')!;
    expect(members.inputSchema.properties!.object_key).toBeUndefined();
    // the compiled schema itself is never mutated
    const bare = catalogue.all.find((t) => t.definition.name === 'list_all_roserocket_objects')!;
    expect((bare.listing.inputSchema.properties!.object_key as { enum?: unknown }).enum).toBeUndefined();
  });

  it('reuses a listing for the same key signature and makes a new one for another', () => {
    const served = catalogue.serve({ methods: ['read'], tags: [] });
    expect(served.listing(keys)).toBe(served.listing({ ...keys }));
    expect(served.listing({ keys: ['order'], signature: 's2' })).not.toBe(served.listing(keys));
  });

  it("lists a title for every tool, and annotations that read, with the MCP defaults filled in, as the definition's", () => {
    const definitions = new Map(TOOLS.map((tool) => [tool.name, tool]));
    for (const tool of catalogue.serve({ methods: [], tags: [] }).listing(keys)) {
      expect(tool.title).toBeTruthy();
      expect(tool.inputSchema.type).toBe('object');
      const { readOnlyHint = false, destructiveHint = true, idempotentHint = false, openWorldHint = true } = tool.annotations!;
      const declared = definitions.get(tool.name)!.annotations;
      expect({ readOnlyHint, openWorldHint }, tool.name).toEqual({ readOnlyHint: declared.readOnlyHint, openWorldHint: declared.openWorldHint });
      // The spec gives the other two meaning only on a tool that writes.
      if (!readOnlyHint) expect({ destructiveHint, idempotentHint }, tool.name).toEqual({ destructiveHint: declared.destructiveHint, idempotentHint: declared.idempotentHint });
    }
  });
});
