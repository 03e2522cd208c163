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

  it("states the account's kinds on object_key, once in full and then relative to that tool, never as an enum, and nowhere else", () => {
    const kinds = { keys: ['board', 'customer', 'event', 'load__c', 'order'], signature: 's3', definitions: new Map([['load__c', { label: 'Truck Load' }], ['order', { label: 'Order' }]]) };
    const listing = catalogue.serve({ methods: [], tags: [] }).listing(kinds);
    const described = (name: string) => (listing.find((t) => t.name === name)!.inputSchema.properties!.object_key as { description: string; enum?: unknown });
    expect(described('list_all_roserocket_objects').description).toBe('Kind of record. One of: board, customer, load__c ("Truck Load"), order; or a kind\'s label.');
    expect(described('create_a_roserocket_object').description).toBe('Kind of record. Kinds as in list_all_roserocket_objects, except board.');
    expect(described('get_single_roserocket_object_definition_by_id').description).toBe('Kind of record. Kinds as in list_all_roserocket_objects, plus event.');
    expect(described('list_all_roserocket_events').description).toBe('Kind of record. Kinds as in list_all_roserocket_objects.');
    for (const tool of listing) expect((tool.inputSchema.properties?.object_key as { enum?: unknown } | undefined)?.enum, tool.name).toBeUndefined();
    const members = listing.find((t) => t.name === 'list_all_roserocket_user_group_members')!;
    expect(members.inputSchema.properties!.object_key).toBeUndefined();
    // A URL without list_all_roserocket_objects states the kinds in full on its own first tool that takes one.
    const events = catalogue.serve({ methods: [], tags: ['events'] }).listing(kinds);
    expect((events[0]!.inputSchema.properties!.object_key as { description: string }).description).toContain('One of: board, customer, load__c ("Truck Load"), order;');
    // the compiled schema itself is never changed
    const bare = catalogue.all.find((t) => t.definition.name === 'list_all_roserocket_objects')!;
    expect((bare.listing.inputSchema.properties!.object_key as { description: string }).description).toBe('Kind of record.');
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
