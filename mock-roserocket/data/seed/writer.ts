import { DEFINITIONS } from '../definitions.ts';
import { applyPlan, recordEvent, type WriteContext } from '../records.ts';
import type { OrgData } from '../store.ts';
import { mirrorBoard, mirrorUserGroup } from '../mirrors.ts';
import type { Board, BoardLocation, BoardView, SearchFilter, StoredRecord, UserGroup, Widget } from '../types.ts';
import { seedUuid } from '../uuid.ts';
import type { Calendar } from './calendar.ts';
import { planWrite, type PlanProblems } from '../validate.ts';

const MINUTE = 60_000;

/**
 * Writes the seed through the same planner and writer as the API, so seeded
 * records carry the same events, versions and fullIds as written ones. A
 * clock advances a minute per write from wherever `at` last set it, and
 * never reaches `now`: the seed is history when the mock starts. Ids come
 * from a per-org label.
 */
export class SeedWriter {
  private clock: number;
  private idCounter = 0;

  constructor(
    readonly org: OrgData,
    private readonly label: string,
    readonly calendar: Calendar,
    readonly actorId: string,
    startDaysAgo: number,
  ) {
    this.clock = calendar.ago(startDaysAgo);
  }

  nextId = (): string => seedUuid(`${this.label}/${++this.idCounter}`);

  /** The next writes happen `daysAgo` (fractional) before now. */
  at(daysAgo: number): this {
    this.clock = this.calendar.ago(daysAgo);
    return this;
  }

  private context(userId = this.actorId): WriteContext {
    this.clock += MINUTE;
    if (this.clock >= this.calendar.now) throw new Error(`seed: a write at ${new Date(this.clock).toISOString()} is not before now`);
    return { userId, now: new Date(this.clock).toISOString(), newId: this.nextId, source: 'web' };
  }

  create(objectKey: string, json: Record<string, unknown>, opts: { id?: string; userId?: string; fullId?: string } = {}): StoredRecord {
    const def = DEFINITIONS.get(objectKey);
    if (!def) throw new Error(`seed: unknown objectKey ${objectKey}`);
    const problems: PlanProblems = { invalid: [], conflicts: [] };
    const plan = planWrite(this.org, def, json, undefined, problems);
    assertClean(problems, `${objectKey} ${JSON.stringify(json)}`);
    if (opts.id) plan.id = opts.id;
    if (opts.fullId) plan.fullId = opts.fullId;
    return applyPlan(this.org, plan, this.context(opts.userId), true);
  }

  /** `statusEventId` pins the id of the status-change event the update writes, for tests to name. */
  update(record: StoredRecord, json: Record<string, unknown>, opts: { userId?: string; boardId?: string; statusEventId?: string } = {}): StoredRecord {
    const problems: PlanProblems = { invalid: [], conflicts: [] };
    const plan = planWrite(this.org, DEFINITIONS.get(record.objectKey)!, json, record, problems);
    assertClean(problems, `${record.fullId} ${JSON.stringify(json)}`);
    const before = this.org.events.length;
    const updated = applyPlan(this.org, plan, { ...this.context(opts.userId), boardId: opts.boardId ?? null }, true);
    const statusEvent = this.org.events.slice(before).find((e) => e.type.endsWith('.status-changed'));
    if (opts.statusEventId && statusEvent) statusEvent.id = opts.statusEventId;
    return updated;
  }

  event(record: StoredRecord, type: string, json: Record<string, unknown>, opts: { id?: string; userId?: string; boardId?: string } = {}) {
    const ctx = this.context(opts.userId);
    return recordEvent(this.org, record, type, json, {
      ...ctx,
      boardId: opts.boardId ?? null,
      newId: opts.id ? () => opts.id! : ctx.newId,
    });
  }

  board(spec: BoardSpec): Board {
    const def = DEFINITIONS.get(spec.objectKey)!;
    const widgets = spec.widgets ?? [...def.widgets];
    const ctx = this.context();
    const board: Board = {
      id: spec.id,
      key: spec.key,
      labelId: `board.${spec.key}`,
      name: spec.name,
      icon: spec.icon ?? null,
      objectKey: spec.objectKey,
      isExternal: spec.isExternal ?? false,
      isHidden: spec.isHidden ?? false,
      createdAt: ctx.now,
      widgets,
      widgetToOpen: spec.widgetToOpen === undefined ? (widgets[0] ?? null) : spec.widgetToOpen,
      locations: spec.locations ?? [],
      baseFilters: spec.baseFilters ?? [],
    };
    this.org.boards.set(board.id, board);
    mirrorBoard(this.org, board, ctx);
    return board;
  }

  view(board: Board, spec: Omit<BoardView, 'boardId' | 'createdAt' | 'updatedAt'>): BoardView {
    const at = new Date(Date.parse(board.createdAt) + 30 * MINUTE).toISOString();
    const view: BoardView = { ...spec, boardId: board.id, createdAt: at, updatedAt: at };
    let views = this.org.views.get(board.id);
    if (!views) this.org.views.set(board.id, (views = new Map()));
    views.set(view.id, view);
    return view;
  }

  group(id: string, name: string, description: string, memberIds: readonly string[]) {
    const addedAt = new Date(this.clock).toISOString();
    const addedBy = this.org.userName(this.actorId);
    const group: UserGroup = {
      id,
      name,
      type: 'local',
      description,
      members: new Map(memberIds.map((userId) => [userId, { addedAt, addedBy }])),
    };
    this.org.userGroups.set(id, group);
    mirrorUserGroup(this.org, group, this.context());
    return group;
  }
}

export interface BoardSpec {
  id: string;
  key: string;
  name: string;
  objectKey: string;
  icon?: string;
  isExternal?: boolean;
  isHidden?: boolean;
  widgets?: Widget[];
  widgetToOpen?: Widget | null;
  locations?: BoardLocation[];
  baseFilters?: SearchFilter[];
}

/** The default boards: one per key, named after the object, listed first for it. */
export const DEFAULT_BOARD_NAMES: Record<string, { name: string; icon: string }> = {
  order: { name: 'Orders', icon: 'package' },
  customer: { name: 'Customers', icon: 'building' },
  task: { name: 'Tasks', icon: 'check-square' },
  stop: { name: 'Stops', icon: 'map-pin' },
  manifest: { name: 'Manifests', icon: 'clipboard-list' },
  commodity: { name: 'Commodities', icon: 'box' },
  partner: { name: 'Partners', icon: 'truck' },
  contact: { name: 'Contacts', icon: 'user' },
  address: { name: 'Addresses', icon: 'home' },
  quote: { name: 'Quotes', icon: 'file-text' },
  user: { name: 'Users', icon: 'users' },
  load__c: { name: 'Loads', icon: 'container' },
  userGroup: { name: 'User Groups', icon: 'users-round' },
  board: { name: 'Boards', icon: 'layout-grid' },
};

export function defaultBoards(writer: SeedWriter, ids: Readonly<Record<string, string>>) {
  for (const [objectKey, id] of Object.entries(ids)) {
    const { name, icon } = DEFAULT_BOARD_NAMES[objectKey]!;
    // The Boards board shows what /boards/nav shows: hidden boards stay off it.
    const baseFilters: SearchFilter[] = objectKey === 'board' ? [{ path: 'isHidden', operator: 'notEquals', value: true, fieldType: 'ToggleField' }] : [];
    writer.board({ id, key: objectKey === 'load__c' ? 'loads' : `${objectKey}s`, name, icon, objectKey, baseFilters });
  }
}

function assertClean(problems: PlanProblems, what: string) {
  const all = [...problems.invalid, ...problems.conflicts];
  if (all.length) throw new Error(`seed write refused (${what}): ${all.join('; ')}`);
}

/** Rotates through a list by index: the seed's only source of variety. */
export const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
export const pad = (n: number) => String(n).padStart(2, '0');
