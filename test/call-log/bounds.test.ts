import { describe, expect, it } from 'vitest';
import { createCallLog, DEFAULT_CALL_LOG_SETTINGS, type CallRecord } from '../../gateway/call-log/call-log.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import { manualClock } from '../store/fixtures.ts';

/** The call log stays within its bounds (per server, in total, by age) and shares its entries through the store. */

const call = (serverId: string, tool = 'list_all_roserocket_events', args: unknown = { q: 'value' }): CallRecord => ({
  accountId: 'acct',
  serverId,
  tool,
  outcome: 'ok',
  latencyMs: 12.34,
  upstreamStatus: 200,
  rateLimit: null,
  error: null,
  args,
});

const all = { accountId: 'acct', offset: 0, limit: 1000 };

describe('call log bounds', () => {
  it('keeps at most maxPerServer entries of a server, the newest', async () => {
    const clock = manualClock();
    const log = createCallLog(createMemoryStore(), { ...DEFAULT_CALL_LOG_SETTINGS, maxPerServer: 5 }, clock.now);
    for (let i = 0; i < 12; i++) {
      log.record(call('s1', `tool_${i}`));
      clock.advance(1000);
      if (i % 3 === 2) await log.flush();
    }
    const { entries } = await log.list(all);
    expect(entries.map((e) => e.tool)).toEqual(['tool_11', 'tool_10', 'tool_9', 'tool_8', 'tool_7']);
  });

  it('drops entries older than maxAgeMs, and their documents from the store', async () => {
    const clock = manualClock();
    const store = createMemoryStore();
    const log = createCallLog(store, { ...DEFAULT_CALL_LOG_SETTINGS, maxAgeMs: 60_000, flushMs: 10 }, clock.now);
    log.record(call('s1', 'old'));
    await log.flush();
    clock.advance(120_000);
    log.record(call('s1', 'new'));
    await log.flush();
    expect((await log.list(all)).entries.map((e) => e.tool)).toEqual(['new']);
    expect(await store.keys('call-log')).toHaveLength(1);
  });

  it('keeps at most maxTotal entries over every server', async () => {
    const clock = manualClock();
    const store = createMemoryStore();
    const log = createCallLog(store, { ...DEFAULT_CALL_LOG_SETTINGS, maxTotal: 4, flushMs: 1 }, clock.now);
    for (const server of ['a', 'b', 'c', 'd', 'e', 'f']) {
      log.record(call(server));
      clock.advance(1000);
      await log.flush();
    }
    const servers = (await store.keys('call-log')).map((key) => key.split(':')[2]);
    expect(servers.sort()).toEqual(['c', 'd', 'e', 'f']);
  });

  it('stores argument values only when the setting is on, capped in size', async () => {
    const off = createCallLog(createMemoryStore());
    off.record(call('s1'));
    expect((await off.list(all)).entries[0]).not.toHaveProperty('arguments');
    const on = createCallLog(createMemoryStore(), { ...DEFAULT_CALL_LOG_SETTINGS, recordArguments: true });
    on.record(call('s1', 't', { q: 'value' }));
    on.record(call('s1', 't', { big: 'x'.repeat(10_000) }));
    const [big, small] = (await on.list(all)).entries;
    expect(small!.arguments).toEqual({ q: 'value' });
    expect(String(big!.arguments)).toMatch(/truncated/);
    expect(String(big!.arguments).length).toBeLessThan(2100);
  });

  it('shows one instance the calls another wrote to the shared store', async () => {
    const store = createMemoryStore();
    const writer = createCallLog(store);
    const reader = createCallLog(store);
    writer.record(call('s1', 'from_writer'));
    await writer.flush();
    expect((await reader.list(all)).entries.map((e) => e.tool)).toEqual(['from_writer']);
  });

  it('writes the buffer on its own, after flushMs', async () => {
    const store = createMemoryStore();
    const log = createCallLog(store, { ...DEFAULT_CALL_LOG_SETTINGS, flushMs: 20 });
    log.record(call('s1'));
    expect(await store.keys('call-log')).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.keys('call-log')).toHaveLength(1);
  });
});
