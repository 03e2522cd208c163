import { describe, expect, it } from 'vitest';
import { TOOLS } from '../tools/index.ts';
import { allowedTools, filterKey, filterProblem, methodVocabulary, toolAllowed } from './access.ts';
import { toolNames } from '../test/support/tool-names.ts';

const names = (filter: { methods: string[]; tags: string[] }) => allowedTools(TOOLS, filter).map((t) => t.name);

describe('the access filter', () => {
  it('lets everything through when no method or tag is named', () => {
    expect(names({ methods: [], tags: [] })).toHaveLength(TOOLS.length);
  });

  it('derives read from readOnlyHint: a read server has no mutating tool', () => {
    const read = allowedTools(TOOLS, { methods: ['read'], tags: [] });
    expect(read.length).toBeGreaterThan(0);
    expect(read.every((t) => t.annotations.readOnlyHint)).toBe(true);
    expect(read).toHaveLength(TOOLS.filter((t) => t.annotations.readOnlyHint).length);
  });

  it('write is exactly the complement of read', () => {
    const read = new Set(names({ methods: ['read'], tags: [] }));
    const write = names({ methods: ['write'], tags: [] });
    expect(write.length).toBeGreaterThan(0);
    expect(write.some((n) => read.has(n))).toBe(false);
    expect(read.size + write.length).toBe(TOOLS.length);
  });

  it('custom selects the non-CRUD methods, exact names select one method', () => {
    expect(allowedTools(TOOLS, { methods: ['custom'], tags: [] }).every((t) => !['list', 'get', 'create', 'update', 'delete'].includes(t.method))).toBe(true);
    expect(names({ methods: ['custom'], tags: [] })).toContain('roserocket_user_groups_search');
    expect(allowedTools(TOOLS, { methods: ['delete'], tags: [] }).every((t) => t.method === 'delete')).toBe(true);
  });

  it('combines methods and tags with AND, tags with OR', () => {
    expect(names({ methods: [], tags: ['events'] })).toEqual(toolNames({ tag: 'events' }));
    expect(names({ methods: ['read'], tags: ['events'] })).toEqual(toolNames({ tag: 'events', readOnly: true }));
    const either = names({ methods: [], tags: ['events', 'user_groups'] });
    expect(either).toContain('list_all_roserocket_events');
    expect(either).toContain('roserocket_user_groups_search');
  });

  it('a filter that matches nothing lets nothing through', () => {
    const listEvents = TOOLS.find((t) => t.name === 'list_all_roserocket_events')!;
    expect(toolAllowed(listEvents, { methods: ['write'], tags: ['events'] })).toBe(false);
    expect(names({ methods: ['delete'], tags: ['events'] })).toEqual([]);
  });

  it('offers the groups and every method the catalogue has as vocabulary', () => {
    const vocabulary = methodVocabulary(TOOLS);
    expect(vocabulary.slice(0, 3)).toEqual(['read', 'write', 'custom']);
    for (const tool of TOOLS) expect(vocabulary).toContain(tool.method);
  });

  it('keys a filter the same whatever the order or repetition', () => {
    expect(filterKey({ methods: ['write', 'read', 'read'], tags: ['b', 'a'] })).toBe(filterKey({ methods: ['read', 'write'], tags: ['a', 'b'] }));
    expect(filterKey({ methods: ['read'], tags: [] })).not.toBe(filterKey({ methods: [], tags: ['read'] }));
  });
});

describe('filterProblem', () => {
  it('accepts a filter that leaves some tool', () => {
    expect(filterProblem(TOOLS, { methods: ['read'], tags: ['events'] })).toBeNull();
  });

  it('names unknown methods first, then unknown tags, with what is known', () => {
    expect(filterProblem(TOOLS, { methods: ['reed'], tags: ['nope'] })).toEqual({ field: 'methods', reason: expect.stringMatching(/^unknown reed; known: read, write, custom, /) });
    expect(filterProblem(TOOLS, { methods: [], tags: ['nope'] })).toEqual({ field: 'tags', reason: expect.stringMatching(/^unknown nope; known: .*events/) });
  });

  it('refuses a combination that leaves no tool', () => {
    expect(filterProblem(TOOLS, { methods: ['custom'], tags: ['boards'] })).toEqual({
      field: 'filter',
      reason: 'methods [custom] with tags [boards] match no tool; widen methods or tags',
    });
  });
});
