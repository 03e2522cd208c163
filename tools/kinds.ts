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

/** The account's keys a tool of this scope takes, and says it takes. */
export function kindsFor(scope: KindScope, keys: readonly string[]): string[] {
  return keys.filter((key) => kindRefusal(key, scope) === null);
}

/** A model's object key, resolved (key, label or case variant) and checked against the tool's scope. */
export async function resolveKind(ctx: ToolContext, input: string, scope: KindScope, field = 'object_key'): Promise<string> {
  const objectKey = await ctx.objectKeys.resolve(input, field, scope);
  const refusal = kindRefusal(objectKey, scope);
  if (refusal) throw new ToolInputError(field, `"${objectKey}" is not taken here: ${refusal}. This tool takes: ${kindsFor(scope, await ctx.objectKeys.keys()).join(', ')}`);
  return objectKey;
}

/** `"Financial Line Item"`, `"financial_line_item"`, `"FINANCIALLINEITEM"` → `"financiallineitem"`: how a key or label is matched. */
export const foldKind = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, '');

/**
 * What each tool's `object_key` says it takes, given the account's kinds.
 *
 * Not a JSON-Schema `enum`: the gateway also takes a kind's label and case
 * variants ("Order", "Truck Load" for `load__c`), and a strict client
 * enforces an enum before sending, so an enum of keys would refuse what the
 * server accepts. The account's vocabulary is stated once, on the first tool
 * of the listing that takes a kind, with the labels that are not just the
 * key spelt otherwise; every other tool says how its kinds differ from
 * those. Every kind named is one the tool works for: resolveKind refuses
 * the rest before anything goes upstream, listing what the tool takes.
 */
export function kindVocabulary(tools: readonly { name: string; scope: KindScope }[], kinds: readonly { key: string; label?: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const [first] = tools;
  if (!first || kinds.length === 0) return out;
  const keys = kinds.map((k) => k.key);
  const labels = new Map(kinds.filter((k) => k.label && !sameWord(k.key, k.label)).map((k) => [k.key, k.label!]));
  const base = kindsFor(first.scope, keys);
  out.set(first.name, `One of: ${base.map((key) => (labels.has(key) ? `${key} ("${labels.get(key)}")` : key)).join(', ')}; or a kind's label.`);
  for (const tool of tools.slice(1)) {
    const own = kindsFor(tool.scope, keys);
    const less = base.filter((key) => !own.includes(key));
    const more = own.filter((key) => !base.includes(key));
    out.set(tool.name, `Kinds as in ${first.name}${less.length ? `, except ${less.join(', ')}` : ''}${more.length ? `, plus ${more.join(', ')}` : ''}.`);
  }
  return out;
}

/** A label that is its key spelt otherwise ("Order", "User Group", "Load" for load__c) says nothing new. */
function sameWord(key: string, label: string): boolean {
  const folded = foldKind(label);
  return folded === foldKind(key) || (key.endsWith('__c') && folded === foldKind(key.slice(0, -3)));
}
