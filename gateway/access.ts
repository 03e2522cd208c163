import { CRUD_METHODS, TOOL_TAGS, type ToolDefinition } from '../tools/define.ts';

/**
 * The one function that decides what an MCP server may see and call.
 *
 * `read` and `write` are derived from each tool's `readOnlyHint`, never kept
 * as a second list, so a new mutating tool can't leak into read-only URLs.
 * Methods and tags combine with AND: a tool passes when it matches at least
 * one method selector and (if tags are given) carries at least one tag.
 */
export interface ToolFilter {
  /** `read`, `write`, `custom`, or exact method names; empty means every method. */
  methods: readonly string[];
  /** Empty means every tag. */
  tags: readonly string[];
}

export const METHOD_GROUPS = ['read', 'write', 'custom'] as const;

const crud: ReadonlySet<string> = new Set(CRUD_METHODS);

function matchesMethod(tool: ToolDefinition, selector: string): boolean {
  switch (selector) {
    case 'read':
      return tool.annotations.readOnlyHint;
    case 'write':
      return !tool.annotations.readOnlyHint;
    case 'custom':
      return !crud.has(tool.method);
    default:
      return tool.method === selector;
  }
}

export function toolAllowed(tool: ToolDefinition, filter: ToolFilter): boolean {
  const methodOk = filter.methods.length === 0 || filter.methods.some((m) => matchesMethod(tool, m));
  const tagOk = filter.tags.length === 0 || filter.tags.some((t) => (tool.tags as readonly string[]).includes(t));
  return methodOk && tagOk;
}

export function allowedTools<T extends ToolDefinition>(tools: readonly T[], filter: ToolFilter): T[] {
  return tools.filter((tool) => toolAllowed(tool, filter));
}

/** Every method selector a filter may use with this catalogue: the groups plus each tool's method. */
export function methodVocabulary(tools: readonly ToolDefinition[]): string[] {
  return [...METHOD_GROUPS, ...new Set(tools.map((t) => t.method))];
}

/** Every tag a filter may use. */
export const tagVocabulary: readonly string[] = TOOL_TAGS;

/** A stable key for caching per filter: same filter, same key, whatever the order given. */
export function filterKey(filter: ToolFilter): string {
  return `${[...new Set(filter.methods)].sort().join(',')}|${[...new Set(filter.tags)].sort().join(',')}`;
}

/**
 * What is wrong with a filter, for whoever sets one (the admin API, the
 * `--stdio` flags), in the same words: selectors this catalogue doesn't
 * know, then a combination that leaves no tool. `null` when it is usable.
 */
export function filterProblem(tools: readonly ToolDefinition[], filter: ToolFilter): { field: 'methods' | 'tags' | 'filter'; reason: string } | null {
  const methods = methodVocabulary(tools);
  const unknownMethods = filter.methods.filter((m) => !methods.includes(m));
  if (unknownMethods.length > 0) return { field: 'methods', reason: `unknown ${unknownMethods.join(', ')}; known: ${methods.join(', ')}` };
  const unknownTags = filter.tags.filter((t) => !tagVocabulary.includes(t));
  if (unknownTags.length > 0) return { field: 'tags', reason: `unknown ${unknownTags.join(', ')}; known: ${tagVocabulary.join(', ')}` };
  if (allowedTools(tools, filter).length > 0) return null;
  const list = (selectors: readonly string[]) => (selectors.length ? selectors.join(', ') : 'any');
  return { field: 'filter', reason: `methods [${list(filter.methods)}] with tags [${list(filter.tags)}] match no tool; widen methods or tags` };
}

const list = (items: readonly string[]) => items.join(', ');

/** What a filter lets through, in words a model can repeat to the user. */
export function describeFilter(filter: ToolFilter): string {
  const methods = filter.methods.length === 0 ? 'every tool' : filter.methods.length === 1 && filter.methods[0] === 'read' ? 'only tools that change nothing (read)' : `only the methods ${list(filter.methods)}`;
  return filter.tags.length === 0 ? methods : `${methods}, among the tools tagged ${list(filter.tags)}`;
}

/** Why a filter leaves a tool out (methods, tags or both), or null when it lets it through. */
export function whyExcluded(tool: ToolDefinition, filter: ToolFilter): string | null {
  const reasons: string[] = [];
  if (filter.methods.length > 0 && !filter.methods.some((m) => matchesMethod(tool, m))) {
    const kind = tool.annotations.readOnlyHint ? 'reads' : 'changes data';
    reasons.push(`its method ${tool.method} (it ${kind}) is not among the methods allowed (${list(filter.methods)})`);
  }
  if (filter.tags.length > 0 && !filter.tags.some((t) => (tool.tags as readonly string[]).includes(t))) {
    reasons.push(`its tags (${list(tool.tags)}) are not among the tags allowed (${list(filter.tags)})`);
  }
  return reasons.length ? reasons.join(', and ') : null;
}
