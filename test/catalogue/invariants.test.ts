import { describe, expect, it } from 'vitest';
import { BOARD_VIEW_TOOLS } from '../../tools/board-views.ts';
import { BOARD_TOOLS } from '../../tools/boards.ts';
import { CRUD_METHODS, TOOL_TAGS, type ToolDefinition, type ToolTag } from '../../tools/define.ts';
import { EVENT_TOOLS } from '../../tools/events.ts';
import { EXTERNAL_ID_TOOLS } from '../../tools/external-ids.ts';
import { OBJECT_DEFINITION_TOOLS } from '../../tools/object-definitions.ts';
import { OBJECT_TOOLS } from '../../tools/objects.ts';
import { USER_GROUP_TOOLS } from '../../tools/user-groups.ts';
import { TOOLS, TOOLS_BY_NAME } from '../../tools/index.ts';
import { toolInputJsonSchema } from '../../tools/schema.ts';

const ARTICLE_NAMES = [
  'list_all_roserocket_boards',
  'list_all_roserocket_objects',
  'get_single_roserocket_objects_external_by_id',
  'create_a_roserocket_event',
  'roserocket_user_groups_search',
  'list_all_roserocket_objects_autocomplete',
  'list_all_roserocket_events',
  'list_all_roserocket_user_group_members',
];

/** Every method the catalogue uses, classified; a new method must be added here on purpose. */
const READ_METHODS = new Set(['list', 'get', 'search']);
const WRITE_METHODS = new Set(['create', 'update', 'delete', 'upsert', 'bulk_delete', 'update_members']);

const NAME_BY_METHOD: Record<string, RegExp> = {
  list: /^list_all_roserocket_[a-z_]+$/,
  get: /^get_single_roserocket_[a-z_]+_by_id$/,
  create: /^create_a_roserocket_[a-z_]+$/,
  update: /^update_a_roserocket_[a-z_]+_by_id$/,
  delete: /^delete_a_roserocket_[a-z_]+_by_id$/,
};

/** Every `properties` entry at any depth, with its path. */
function properties(schema: unknown, path = ''): [string, Record<string, unknown>][] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const own = Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>).flatMap(([key, child]) => [
    [`${path}${key}`, child] as [string, Record<string, unknown>],
    ...properties(child, `${path}${key}.`),
  ]);
  const nested = [node.items, ...((node.anyOf as unknown[]) ?? [])].flatMap((child) => properties(child, path));
  return [...own, ...nested];
}

describe('the tool catalogue', () => {
  it('has unique snake_case names, all reachable by name', () => {
    const names = TOOLS.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    expect([...TOOLS_BY_NAME.keys()]).toEqual(names);
  });

  it("has the article's eight tools under their exact names", () => {
    for (const name of ARTICLE_NAMES) expect(TOOLS_BY_NAME.has(name), name).toBe(true);
  });

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s is named for its method', (name, tool) => {
    const pattern = NAME_BY_METHOD[tool.method];
    if (pattern) expect(name).toMatch(pattern);
    else {
      expect((CRUD_METHODS as readonly string[]).includes(tool.method)).toBe(false);
      expect(name).toMatch(new RegExp(`^roserocket_[a-z_]+_${tool.method}$`));
    }
  });

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s has explicit annotations true to its method', (_name, tool) => {
    const { annotations: a } = tool;
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) expect(typeof a[hint]).toBe('boolean');
    expect(READ_METHODS.has(tool.method) || WRITE_METHODS.has(tool.method)).toBe(true);
    expect(a.readOnlyHint).toBe(READ_METHODS.has(tool.method));
    expect(a.openWorldHint).toBe(true);
    if (a.readOnlyHint) expect([a.destructiveHint, a.idempotentHint]).toEqual([false, true]);
    if (tool.method === 'delete' || tool.method === 'bulk_delete') expect([a.destructiveHint, a.idempotentHint]).toEqual([true, true]);
    if (tool.method === 'create') expect([a.destructiveHint, a.idempotentHint]).toEqual([false, false]);
    if (tool.method === 'update' || tool.method === 'upsert') expect(a.idempotentHint).toBe(true);
  });

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s has a title, a description and a plain object schema, every property described', (_name, tool) => {
    expect(tool.title.trim()).not.toBe('');
    expect(tool.description.trim().length).toBeGreaterThan(40);
    const schema = toolInputJsonSchema(tool);
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('$schema');
    for (const combinator of ['anyOf', 'oneOf', 'allOf', 'not']) expect(schema).not.toHaveProperty(combinator);
    for (const [path, property] of properties(schema)) expect(property.description, path).toEqual(expect.stringMatching(/\S/));
    for (const key of Object.keys(schema.properties ?? {})) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s carries known tags, exactly one of them a resource tag', (_name, tool) => {
    expect(tool.tags.length).toBeGreaterThan(0);
    for (const tag of tool.tags) expect(TOOL_TAGS).toContain(tag);
    const resources = tool.tags.filter((tag) => tag !== 'logistics' && tag !== 'admin');
    expect(resources).toHaveLength(1);
  });

  it('tags each resource file\'s tools with its resource, and no other tool', () => {
    const byResource: Record<string, readonly ToolDefinition[]> = { objects: [...OBJECT_TOOLS, ...OBJECT_DEFINITION_TOOLS], external_ids: EXTERNAL_ID_TOOLS, boards: [...BOARD_TOOLS, ...BOARD_VIEW_TOOLS], events: EVENT_TOOLS, user_groups: USER_GROUP_TOOLS };
    for (const [tag, tools] of Object.entries(byResource)) {
      expect(TOOLS.filter((tool) => tool.tags.includes(tag as ToolTag)).map((tool) => tool.name), tag).toEqual(TOOLS.filter((tool) => tools.includes(tool)).map((tool) => tool.name));
    }
  });

  it('tags every user-group tool admin', () => {
    for (const tool of USER_GROUP_TOOLS) expect(tool.tags, tool.name).toContain('admin');
  });

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))('%s carries an example call its own schema accepts', (_name, tool) => {
    const parsed = tool.input.safeParse(tool.example);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('names the object key argument exactly object_key wherever a tool takes one, so the gateway can offer the real keys', () => {
    for (const tool of TOOLS) {
      const keys = Object.keys(toolInputJsonSchema(tool).properties ?? {});
      expect(keys.filter((key) => /object.?key/i.test(key) && key !== 'object_key'), tool.name).toEqual([]);
    }
  });
});
