import { BOARD_VIEW_TOOLS } from './board-views.ts';
import { BOARD_TOOLS } from './boards.ts';
import type { ToolDefinition } from './define.ts';
import { EVENT_TOOLS } from './events.ts';
import { EXTERNAL_ID_TOOLS } from './external-ids.ts';
import { OBJECT_DEFINITION_TOOLS } from './object-definitions.ts';
import { OBJECT_TOOLS } from './objects.ts';
import { USER_GROUP_TOOLS } from './user-groups.ts';

/**
 * The whole catalogue, in the order `tools/list` shows it: records first,
 * then how to reach them, then their history, then administration. A new
 * tool is added to its resource file's list and nowhere else.
 */
export const TOOLS: readonly ToolDefinition[] = [
  ...OBJECT_TOOLS,
  ...EXTERNAL_ID_TOOLS,
  ...OBJECT_DEFINITION_TOOLS,
  ...BOARD_TOOLS,
  ...BOARD_VIEW_TOOLS,
  ...EVENT_TOOLS,
  ...USER_GROUP_TOOLS,
];

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(TOOLS.map((tool) => [tool.name, tool]));
