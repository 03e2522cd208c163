import { describe, expect, it, vi } from 'vitest';
import { ToolInputError, type ObjectDefinition, type UpstreamRequest } from '../../tools/define.ts';
import { boardDirectory } from './boards.ts';
import { cached } from './cache.ts';
import { objectKeyDirectory } from './object-keys.ts';

const def = (key: string, label: string): ObjectDefinition => ({ key, label, fields: [{ key: 'name', type: 'text' }] });
const ACCOUNT = [def('order', 'Order'), def('customer', 'Customer'), def('financialLineItem', 'Financial Line Item'), def('load__c', 'Load')];
const BUILTIN = [def('order', 'Order'), def('customer', 'Customer')];

function upstream(answer: (req: UpstreamRequest) => unknown) {
  return vi.fn(async (req: UpstreamRequest) => {
    const body = answer(req);
    if (body instanceof Error) throw body;
    return { status: 200, body } as never;
  });
}

const httpError = (status: number) => Object.assign(new Error(`upstream ${status}`), { status });

describe('the object key directory', () => {
  it('normalises display names, case and separators to the real key', async () => {
    const keys = objectKeyDirectory({ call: upstream(() => ACCOUNT), builtin: BUILTIN, ttlMs: 60_000 });
    expect(await keys.resolve('Order')).toBe('order');
    expect(await keys.resolve('ORDER')).toBe('order');
    expect(await keys.resolve('Financial Line Item')).toBe('financialLineItem');
    expect(await keys.resolve('financial_line_item')).toBe('financialLineItem');
    expect(await keys.resolve('load')).toBe('load__c');
  });

  it('rejects an unknown key naming the field and listing the ones a tool of the scope takes', async () => {
    const keys = objectKeyDirectory({ call: upstream(() => ACCOUNT), builtin: BUILTIN, ttlMs: 60_000 });
    const error = await keys.resolve('Shipment', 'object_key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect((error as ToolInputError).field).toBe('object_key');
    expect((error as ToolInputError).message).toContain('this tool takes: customer, financialLineItem, load__c, order');
    const withEvents = objectKeyDirectory({ call: upstream(() => [...ACCOUNT, def('event', 'Event')]), builtin: BUILTIN, ttlMs: 60_000 });
    expect(((await withEvents.resolve('Shipment').catch((e: unknown) => e)) as ToolInputError).message).toContain('takes: customer, event, financialLineItem');
    // A tool that takes only records is not said to take events.
    const scoped = await withEvents.resolve('Shipment', 'object_key', 'records').catch((e: unknown) => e);
    expect((scoped as ToolInputError).message).toContain('this tool takes: customer, financialLineItem, load__c, order (a key or its label)');
  });

  it('loads the definitions once for concurrent callers and caches them', async () => {
    const call = upstream(() => ACCOUNT);
    const keys = objectKeyDirectory({ call, builtin: BUILTIN, ttlMs: 60_000 });
    await Promise.all([keys.resolve('order'), keys.resolve('customer'), keys.snapshot()]);
    await keys.resolve('Order');
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]![0]).toEqual({ method: 'GET', path: ['recipes', 'current', 'objects'] });
    expect((await keys.snapshot()).source).toBe('account');
  });

  it('falls back to the built-in catalogue when the account has no definitions endpoint', async () => {
    const call = upstream(() => httpError(404));
    const keys = objectKeyDirectory({ call, builtin: BUILTIN, ttlMs: 60_000 });
    const snap = await keys.snapshot();
    expect(snap.source).toBe('builtin');
    expect(snap.keys).toEqual(['customer', 'order']);
    await keys.resolve('order');
    expect(call).toHaveBeenCalledTimes(1); // an absent endpoint is remembered for the TTL
  });

  it('retries soon after a passing failure instead of keeping the fallback for the TTL', async () => {
    let now = 0;
    let fail = true;
    const call = upstream(() => (fail ? httpError(503) : ACCOUNT));
    const keys = objectKeyDirectory({ call, builtin: BUILTIN, ttlMs: 600_000, now: () => now });
    expect((await keys.snapshot()).source).toBe('builtin');
    fail = false;
    now = 31_000;
    expect((await keys.snapshot()).source).toBe('account');
  });

  it('never calls a key unknown because a passing failure left only the fallback', async () => {
    let fail = true;
    const call = upstream(() => (fail ? httpError(429) : ACCOUNT));
    const keys = objectKeyDirectory({ call, builtin: BUILTIN, ttlMs: 600_000, now: () => 0 });
    // The failure this very lookup met is handed on as is, without asking again.
    await expect(keys.resolve('load__c')).rejects.toMatchObject({ status: 429 });
    expect(call).toHaveBeenCalledTimes(1);
    // Standard keys keep working on the fallback meanwhile.
    expect(await keys.resolve('order')).toBe('order');
    expect(call).toHaveBeenCalledTimes(1);
    // A fallback an earlier lookup left is checked again, back-off or not.
    fail = false;
    expect(await keys.resolve('load')).toBe('load__c');
    expect(call).toHaveBeenCalledTimes(2);
    await expect(keys.resolve('shipment')).rejects.toBeInstanceOf(ToolInputError);
  });

  it('gives each key set its own signature', async () => {
    const a = await objectKeyDirectory({ call: upstream(() => ACCOUNT), builtin: BUILTIN, ttlMs: 1 }).snapshot();
    const b = await objectKeyDirectory({ call: upstream(() => BUILTIN), builtin: BUILTIN, ttlMs: 1 }).snapshot();
    expect(a.signature).not.toBe(b.signature);
  });
});

describe('the board directory', () => {
  const nav = [
    { id: 'b-orders', name: 'Orders', objectKey: 'order' },
    { id: 'b-outbound', name: 'Outbound Freight', objectKey: 'order' },
  ];

  it('resolves the first board listed for the object key, once', async () => {
    const call = upstream(() => nav);
    const boards = boardDirectory({ call, ttlMs: 60_000 });
    expect(await boards.defaultFor('order')).toBe('b-orders');
    expect(await boards.defaultFor('order')).toBe('b-orders');
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]![0]).toMatchObject({ method: 'GET', path: ['boards', 'nav'], query: { objectKey: 'order' } });
  });

  it('says to pass board_id when a key has no board, and looks again next time', async () => {
    const call = upstream(() => []);
    const boards = boardDirectory({ call, ttlMs: 60_000 });
    await expect(boards.defaultFor('quote')).rejects.toMatchObject({ field: 'board_id' });
    await expect(boards.defaultFor('quote')).rejects.toBeInstanceOf(ToolInputError);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('lets an upstream failure through rather than caching it', async () => {
    let fail = true;
    const boards = boardDirectory({ call: upstream(() => (fail ? httpError(500) : nav)), ttlMs: 60_000 });
    await expect(boards.defaultFor('order')).rejects.toMatchObject({ status: 500 });
    fail = false;
    expect(await boards.defaultFor('order')).toBe('b-orders');
  });
});

describe('cached', () => {
  it('serves the stale value while one refresh runs after the TTL', async () => {
    let now = 0;
    let n = 0;
    let release!: () => void;
    const load = vi.fn(() => (++n === 1 ? Promise.resolve(n) : new Promise<number>((r) => (release = () => r(2)))));
    const value = cached(load, 1000, () => now);
    expect(await value.get()).toBe(1);
    now = 2000;
    expect(await value.get()).toBe(1); // stale, refresh started
    expect(await value.get()).toBe(1); // still stale, no second refresh
    expect(load).toHaveBeenCalledTimes(2);
    release();
    await vi.waitFor(() => expect(value.peek()).toBe(2));
  });
});
