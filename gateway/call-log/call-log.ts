import { randomId } from '../crypto.ts';
import type { Store } from '../store/store.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';
import { chunkKey, chunkPrefix, parseChunkKey, prune, type ChunkRef } from './chunks.ts';

/**
 * The call log: one entry per tool call, what the dashboard's Activity tab
 * and `GET …/calls` show. Entries carry no argument values unless the
 * operator turns that on, and never a token or secret (nothing here sees one).
 *
 * Writing must not slow a call: `record` only pushes onto an in-memory
 * buffer; a timer writes the buffer as one document per MCP server (a
 * *chunk*) every `flushMs`. Instances sharing Redis each write their own
 * chunks (the key names the instance), so nothing is read-modified-written
 * and nothing races. Bounds (per server and in total, by count and age) are
 * applied by dropping whole chunks, oldest first; a listing never shows more
 * than the bounds allow. See chunks.ts for the key layout.
 */

export const CALL_OUTCOMES = ['ok', 'tool_error', 'upstream_error', 'rate_limited', 'refused', 'internal_error'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallEntry {
  /** ISO 8601, UTC. */
  at: string;
  account_id: string;
  server_id: string;
  tool: string;
  outcome: CallOutcome;
  latency_ms: number;
  upstream_status: number | null;
  ratelimit: { limit: number | null; remaining: number | null; reset: number | null } | null;
  error: string | null;
  /** Only when `CALL_LOG_ARGUMENTS` is on; capped in size. */
  arguments?: unknown;
}

export interface CallLogSettings {
  maxPerServer: number;
  maxTotal: number;
  maxAgeMs: number;
  recordArguments: boolean;
  /** How often the buffer is written; a listing on this instance writes it first. */
  flushMs: number;
}

export const DEFAULT_CALL_LOG_SETTINGS: CallLogSettings = {
  maxPerServer: 1000,
  maxTotal: 20_000,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  recordArguments: false,
  flushMs: 1000,
};

/** What the seam hands over for one call (times are the seam's). */
export interface CallRecord {
  accountId: string;
  serverId: string;
  tool: string;
  outcome: CallOutcome;
  latencyMs: number;
  upstreamStatus: number | null;
  rateLimit: RateLimit | null;
  error: string | null;
  args: unknown;
}

export interface CallQuery {
  accountId: string;
  serverId?: string;
  tool?: string;
  outcome?: CallOutcome;
  /** Only entries at or after this time (epoch ms). */
  since?: number;
  offset: number;
  limit: number;
}

export interface CallLog {
  record(call: CallRecord): void;
  /** Newest first. `more`: whether entries past this page exist. */
  list(query: CallQuery): Promise<{ entries: CallEntry[]; more: boolean }>;
  /** The rate-limit figures upstream last reported on any call of the account. */
  lastRateLimit(accountId: string): Promise<RateLimit | null>;
  flush(): Promise<void>;
  /** Stops the timer and writes what is buffered. */
  close(): Promise<void>;
}

const MAX_ARGUMENT_CHARS = 2000;
const MAX_ERROR_CHARS = 500;
/** A buffer this full is written at once, whatever the timer says. */
const FLUSH_AT = 500;

function argumentsOf(args: unknown): unknown {
  const json = JSON.stringify(args ?? {});
  return json.length <= MAX_ARGUMENT_CHARS ? JSON.parse(json) : `${json.slice(0, MAX_ARGUMENT_CHARS)}… (truncated)`;
}

function toEntry(call: CallRecord, at: number, recordArguments: boolean): CallEntry {
  const rl = call.rateLimit;
  const entry: CallEntry = {
    at: new Date(at).toISOString(),
    account_id: call.accountId,
    server_id: call.serverId,
    tool: call.tool,
    outcome: call.outcome,
    latency_ms: Math.round(call.latencyMs * 10) / 10,
    upstream_status: call.upstreamStatus,
    ratelimit: rl ? { limit: rl.limit, remaining: rl.remaining, reset: rl.reset } : null,
    error: call.error === null ? null : call.error.slice(0, MAX_ERROR_CHARS),
  };
  if (recordArguments) entry.arguments = argumentsOf(call.args);
  return entry;
}

export function createCallLog(store: Store, settings: CallLogSettings = DEFAULT_CALL_LOG_SETTINGS, now: () => number = Date.now): CallLog {
  const instance = randomId().replace(/[^A-Za-z0-9]/g, '').slice(0, 10) || 'instance';
  let sequence = 0;
  let buffer: { call: CallRecord; at: number }[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastPrune = 0;

  async function write(batch: { call: CallRecord; at: number }[]): Promise<void> {
    const byServer = new Map<string, CallEntry[]>();
    for (const { call, at } of batch) {
      const key = `${call.accountId}\n${call.serverId}`;
      let entries = byServer.get(key);
      if (!entries) byServer.set(key, (entries = []));
      entries.push(toEntry(call, at, settings.recordArguments));
    }
    for (const entries of byServer.values()) {
      const first = entries[0]!;
      const newest = Date.parse(entries[entries.length - 1]!.at);
      await store.set(chunkKey({ accountId: first.account_id, serverId: first.server_id, newest, count: entries.length, instance, sequence: sequence++ }), entries);
    }
    if (now() - lastPrune >= settings.flushMs * 5) {
      lastPrune = now();
      await prune(store, settings, now());
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = buffer;
    buffer = [];
    // Writes are chained: a listing after `flush` sees every earlier call.
    writing = writing.then(() => (batch.length ? write(batch) : undefined)).catch(() => undefined);
    return writing;
  }

  async function chunksOf(accountId: string, serverId?: string): Promise<ChunkRef[]> {
    const refs = (await store.keys(chunkPrefix(accountId, serverId))).map(parseChunkKey).filter((r): r is ChunkRef => r !== null);
    return refs.sort((a, b) => b.newest - a.newest || b.sequence - a.sequence);
  }

  async function entriesOf(refs: ChunkRef[]): Promise<CallEntry[]> {
    const docs = await Promise.all(refs.map((ref) => store.get(ref.key)));
    // Chunks come newest first and hold their entries oldest first; reversed, ties in time keep the order calls were made.
    const entries = docs.flatMap((doc) => (Array.isArray(doc) ? (doc as CallEntry[]).slice().reverse() : []));
    return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  return {
    record(call) {
      buffer.push({ call, at: now() });
      if (buffer.length >= FLUSH_AT) void flush();
      else if (!timer) {
        timer = setTimeout(flush, settings.flushMs);
        (timer as { unref?: () => void }).unref?.();
      }
    },
    async list(query) {
      await flush();
      const oldest = Math.max(query.since ?? 0, now() - settings.maxAgeMs);
      const refs = (await chunksOf(query.accountId, query.serverId)).filter((ref) => ref.newest >= oldest);
      const perServer = new Map<string, number>();
      const matches = (await entriesOf(refs)).filter((entry) => {
        const seen = (perServer.get(entry.server_id) ?? 0) + 1;
        perServer.set(entry.server_id, seen);
        if (seen > settings.maxPerServer || Date.parse(entry.at) < oldest) return false;
        return (!query.tool || entry.tool === query.tool) && (!query.outcome || entry.outcome === query.outcome);
      });
      const entries = matches.slice(query.offset, query.offset + query.limit);
      return { entries, more: matches.length > query.offset + query.limit };
    },
    async lastRateLimit(accountId) {
      await flush();
      for (const ref of await chunksOf(accountId)) {
        for (const entry of await entriesOf([ref])) {
          const rl = entry.ratelimit;
          if (rl) return { limit: rl.limit, remaining: rl.remaining, reset: rl.reset, retryAfter: null };
        }
      }
      return null;
    },
    flush,
    async close() {
      await flush();
    },
  };
}
