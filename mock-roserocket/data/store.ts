import type { Board, BoardView, EventUser, ObjectDef, StoredEvent, StoredRecord, UserGroup } from './types.ts';

/**
 * Everything one org owns. Orgs never share an instance, so a lookup in one
 * can never return another's data.
 */
export class OrgData {
  readonly records = new Map<string, StoredRecord>();
  /** In write order; lists sort their own copy. */
  readonly events: StoredEvent[] = [];
  /** In creation order, which `/boards/nav` keeps: the first board of a key is its default. */
  readonly boards = new Map<string, Board>();
  /** Saved views by board id. */
  readonly views = new Map<string, Map<string, BoardView>>();
  readonly userGroups = new Map<string, UserGroup>();
  private readonly fullIdCounters = new Map<string, number>();
  /** fullIds given out of sequence (an imported record keeps its old number); the sequence skips them. */
  private readonly pinnedFullIds = new Set<string>();

  constructor(readonly orgId: string) {}

  /** Sequential per object key, never reused after a delete (like a database sequence). */
  nextFullId(def: ObjectDef): string {
    let fullId: string;
    do {
      const next = (this.fullIdCounters.get(def.key) ?? 0) + 1;
      this.fullIdCounters.set(def.key, next);
      fullId = `${def.fullIdPrefix}-${next}`;
    } while (this.pinnedFullIds.has(fullId));
    return fullId;
  }

  pinFullId(fullId: string): string {
    this.pinnedFullIds.add(fullId);
    return fullId;
  }

  recordsOf(objectKey: string): StoredRecord[] {
    return [...this.records.values()].filter((r) => r.objectKey === objectKey);
  }

  findByExternalId(objectKey: string, externalId: string): StoredRecord | undefined {
    for (const record of this.records.values()) {
      if (record.objectKey === objectKey && record.externalId === externalId) return record;
    }
    return undefined;
  }

  /** The `user` block of an event; users are `user` records of the org. */
  eventUser(userId: string): EventUser {
    const user = this.records.get(userId);
    if (!user || user.objectKey !== 'user') return { id: userId, email: null, firstName: null };
    return { id: userId, email: asText(user.fields.email), firstName: asText(user.fields.firstName) };
  }

  /** A user's display name, for a group member's `addedBy`. */
  userName(userId: string): string {
    const user = this.records.get(userId);
    if (!user || user.objectKey !== 'user') return userId;
    return [asText(user.fields.firstName), asText(user.fields.lastName)].filter(Boolean).join(' ') || userId;
  }

  isAdmin(userId: string): boolean {
    const user = this.records.get(userId);
    return user?.objectKey === 'user' && user.fields.role === 'admin';
  }

  isUser(userId: string): boolean {
    return this.records.get(userId)?.objectKey === 'user';
  }
}

const asText = (value: unknown): string | null => (typeof value === 'string' ? value : null);
