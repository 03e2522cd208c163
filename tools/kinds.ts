import { ToolInputError, type KindScope, type ToolContext } from './define.ts';

/** Keys that name no record, and where a model finds what it wanted. */
const NOT_RECORDS: Readonly<Record<string, string>> = {
  event: 'an event belongs to a record, not a record itself: read a record\'s events with list_all_roserocket_events and add one with create_a_roserocket_event',
};

/** Records that only their own endpoints write. */
const WRITTEN_ELSEWHERE: Readonly<Record<string, string>> = {
  userGroup: 'user groups are written with create_a_roserocket_user_group and roserocket_user_groups_update_members',
  board: 'boards are set up in Rose Rocket itself; their saved views are written with the *_board_view tools',
};

/** Why `objectKey` is outside `scope`, or null when the tool takes it. */
export function kindRefusal(objectKey: string, scope: KindScope): string | null {
  if (scope === 'all') return null;
  const notRecord = NOT_RECORDS[objectKey];
  if (notRecord) return notRecord;
  if (scope === 'writable') return WRITTEN_ELSEWHERE[objectKey] ?? null;
  return null;
}

/** The account's keys a tool of this scope is offered. */
export function kindsFor(scope: KindScope, keys: readonly string[]): string[] {
  return keys.filter((key) => kindRefusal(key, scope) === null);
}

/** A model's object key, resolved (key, label or case variant) and checked against the tool's scope. */
export async function resolveKind(ctx: ToolContext, input: string, scope: KindScope, field = 'object_key'): Promise<string> {
  const objectKey = await ctx.objectKeys.resolve(input, field);
  const refusal = kindRefusal(objectKey, scope);
  if (refusal) throw new ToolInputError(field, `"${objectKey}" is not taken here: ${refusal}`);
  return objectKey;
}
