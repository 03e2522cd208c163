import { DEFINITIONS } from './definitions.ts';
import { applyPlan, planOrThrow, type WriteContext } from './records.ts';
import type { OrgData } from './store.ts';
import type { Board, StoredRecord, UserGroup } from './types.ts';
import { planWrite } from './validate.ts';

/**
 * User groups and boards are records of the platform model too (`userGroup`
 * with `UG-` ids, `board`), written through their own endpoints. Each one
 * also lives in the record store under the same id, so get-by-id,
 * autocomplete, search and events see it like any other record. Neither
 * endpoint family changes a group's or a board's own fields after creation,
 * so the mirror is written once, when the group or board is.
 */
export function mirrorUserGroup(org: OrgData, group: UserGroup, ctx: WriteContext): StoredRecord {
  return mirror(org, 'userGroup', group.id, { name: group.name, description: group.description, type: group.type }, ctx);
}

export function mirrorBoard(org: OrgData, board: Board, ctx: WriteContext): StoredRecord {
  const json = { name: board.name, icon: board.icon, showsObjectKey: board.objectKey, isExternal: board.isExternal, isHidden: board.isHidden };
  return mirror(org, 'board', board.id, json, ctx);
}

function mirror(org: OrgData, objectKey: string, id: string, json: Record<string, unknown>, ctx: WriteContext): StoredRecord {
  const plan = planOrThrow(org, (problems) => planWrite(org, DEFINITIONS.get(objectKey)!, json, undefined, problems));
  plan.id = id;
  return applyPlan(org, plan, ctx, true);
}
