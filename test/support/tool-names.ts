import type { ToolDefinition, ToolTag } from '../../tools/define.ts';
import { TOOLS } from '../../tools/index.ts';

/**
 * Names of the catalogue's tools picked by tag and annotation, in catalogue
 * order (the order `tools/list` shows): what a filtered server should list.
 * Tests take their tool lists from here, never by hand, so a new tool
 * changes no test. The choice is made directly on the definitions, not
 * through the gateway's filter, which is what many of these tests check.
 */
export function toolNames(pick: { tag?: ToolTag; readOnly?: boolean } = {}): string[] {
  const kept = (tool: ToolDefinition) =>
    (pick.tag === undefined || tool.tags.includes(pick.tag)) && (pick.readOnly === undefined || tool.annotations.readOnlyHint === pick.readOnly);
  return TOOLS.filter(kept).map((tool) => tool.name);
}
