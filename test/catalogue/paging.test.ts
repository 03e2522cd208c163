import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../../tools/define.ts';
import { decodeCursor, DEFAULT_RESULT_BUDGET_BYTES, encodeCursor, listPage, pageOf, pageOfAll, project, trimToBudget, type ListResult } from '../../tools/paging.ts';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
const records = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({ id: `id-${from + i}`, objectKey: 'order', fullId: `O-${from + i}`, notes: 'x'.repeat(200) }));

describe('cursors', () => {
  it('round-trip the offset as an opaque, URL-safe token', () => {
    for (const offset of [0, 1, 25, 99_999]) {
      const cursor = encodeCursor(offset);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain(String(offset === 0 ? 'o1' : offset));
      expect(decodeCursor(cursor)).toBe(offset);
    }
  });

  it.each(['not a cursor', 'MjU', btoa('o2:25'), btoa('o1:-3'), btoa('o1:2.5'), 'A'])('rejects %j naming next_cursor', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ToolInputError);
    expect(() => decodeCursor(cursor)).toThrow(/^next_cursor: /);
  });

  it('start a list at 0 when no cursor is given', () => {
    expect(pageOf({ limit: 10 })).toEqual({ offset: 0, limit: 10 });
    expect(pageOf({ limit: 10, next_cursor: encodeCursor(30) })).toEqual({ offset: 30, limit: 10 });
  });
});

describe('list pages', () => {
  it('say more exist when the probe item came back, and continue right after the page', () => {
    const page = listPage(records(4, 10), { offset: 10, limit: 3 });
    expect(page.results.map((r) => (r as { id: string }).id)).toEqual(['id-10', 'id-11', 'id-12']);
    expect(page.has_more).toBe(true);
    expect(decodeCursor(page.next_cursor!)).toBe(13);
    expect(page).not.toHaveProperty('total');
  });

  it('use the total when upstream gives one, and end with no cursor', () => {
    expect(listPage(records(3), { offset: 0, limit: 3 }, { total: 7 })).toMatchObject({ total: 7, has_more: true });
    expect(listPage(records(3), { offset: 4, limit: 3 }, { total: 7 })).toMatchObject({ total: 7, has_more: false, next_cursor: null });
  });

  it('never promise more from an empty page, even when an approximate total says so', () => {
    expect(listPage([], { offset: 50, limit: 25 }, { total: 60 })).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('page a complete list client-side', () => {
    const first = pageOfAll(records(5), { offset: 0, limit: 2 });
    const last = pageOfAll(records(5), pageOf({ limit: 2, next_cursor: encodeCursor(4) }));
    expect(first).toMatchObject({ total: 5, has_more: true });
    expect(last.results).toHaveLength(1);
    expect(last).toMatchObject({ has_more: false, next_cursor: null });
  });
});

describe('projection', () => {
  it('keeps the named top-level keys plus id, objectKey and fullId', () => {
    const record = { id: '1', objectKey: 'order', fullId: 'O-1', status: 'new', customer: { id: 'c' }, weight: 3 };
    expect(project(record, ['status'])).toEqual({ id: '1', objectKey: 'order', fullId: 'O-1', status: 'new' });
    expect(project(record, undefined)).toBe(record);
    expect(project(record, [])).toBe(record);
  });

  it('shrinks a kept link to its id and names, keeping the linked fields paths asked for', () => {
    const record = { id: '1', objectKey: 'order', fullId: 'O-1', stops: [{ id: 's', objectKey: 'stop', orgId: 'org', name: 'Dock', fullId: 'S-1', city: 'Chicago' }], customer: { id: 'c', objectKey: 'customer', orgId: 'org', name: 'Acme', fullId: 'CUST-1' } };
    expect(project(record, ['stops', 'customer'])).toEqual({ id: '1', objectKey: 'order', fullId: 'O-1', stops: [{ id: 's', name: 'Dock', fullId: 'S-1', city: 'Chicago' }], customer: { id: 'c', name: 'Acme', fullId: 'CUST-1' } });
  });

  it('applies to each item of a list', () => {
    const page = listPage(records(2), { offset: 0, limit: 5 }, { fields: ['fullId'] });
    expect(page.results).toEqual([
      { id: 'id-0', objectKey: 'order', fullId: 'O-0' },
      { id: 'id-1', objectKey: 'order', fullId: 'O-1' },
    ]);
  });
});

describe('trimToBudget', () => {
  it('leaves a result within budget untouched', () => {
    const page = listPage(records(3), { offset: 0, limit: 3 });
    expect(trimToBudget(page, DEFAULT_RESULT_BUDGET_BYTES)).toBe(page);
  });

  it('drops items from the end of a list until it fits, and continues exactly after the last kept one', () => {
    const page = listPage(records(40, 100), { offset: 100, limit: 40 }, { total: 500 });
    const trimmed = trimToBudget(page, 3000) as ListResult;
    expect(bytes(trimmed)).toBeLessThanOrEqual(3000);
    const kept = trimmed.results.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(40);
    expect(trimmed.results).toEqual(page.results.slice(0, kept));
    expect(trimmed.has_more).toBe(true);
    expect(trimmed.total).toBe(500);
    expect(decodeCursor(trimmed.next_cursor!)).toBe(100 + kept);
    expect(trimmed.note).toContain(`${40 - kept} of the 40 items`);
    expect(trimmed.note).toMatch(/next_cursor.*limit.*fields/);
    // As many as fit: the next item, with its comma, would not.
    expect(bytes(trimmed) + bytes(page.results[kept]) + 1).toBeGreaterThan(3000);
  });

  it('gives the last page of a list a cursor to the items it dropped', () => {
    const page = listPage(records(20, 80), { offset: 80, limit: 25 }, { total: 100 });
    expect(page.next_cursor).toBeNull();
    const trimmed = trimToBudget(page, 2000) as ListResult;
    expect(trimmed.has_more).toBe(true);
    expect(decodeCursor(trimmed.next_cursor!)).toBe(80 + trimmed.results.length);
  });

  it('returns anything else whole, with a note, rather than cutting it', () => {
    const record = { id: '1', objectKey: 'order', notes: 'x'.repeat(5000) };
    const answer = trimToBudget(record, 1000) as { note: string; result: unknown };
    expect(answer.result).toEqual(record);
    expect(answer.note).toMatch(/budget/);
  });
});
