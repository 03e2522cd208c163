import type { Store } from '../store/store.ts';

/**
 * Where the call log lives in the store: one document per flush per MCP
 * server, under
 *
 *     call-log:<account id>:<server id>:<newest>-<count>-<instance>-<sequence>
 *
 * where `newest` is the time of its newest entry (epoch ms, base 36, padded
 * so keys sort by time) and `count` its number of entries. The key alone says
 * how old and how big a chunk is, so the bounds are kept from a key listing,
 * without reading a single document.
 */

export const CALL_LOG_PREFIX = 'call-log';

export interface ChunkRef {
  key: string;
  accountId: string;
  serverId: string;
  newest: number;
  count: number;
  sequence: number;
}

const TIME_WIDTH = 10;

export function chunkKey(c: { accountId: string; serverId: string; newest: number; count: number; instance: string; sequence: number }): string {
  return `${CALL_LOG_PREFIX}:${c.accountId}:${c.serverId}:${c.newest.toString(36).padStart(TIME_WIDTH, '0')}-${c.count}-${c.instance}-${c.sequence}`;
}

export const chunkPrefix = (accountId?: string, serverId?: string) =>
  [CALL_LOG_PREFIX, accountId, accountId === undefined ? undefined : serverId].filter((part) => part !== undefined).join(':');

const CHUNK = /^call-log:([A-Za-z0-9_-]+):([A-Za-z0-9_-]+):([0-9a-z]+)-(\d+)-([A-Za-z0-9]+)-(\d+)$/;

export function parseChunkKey(key: string): ChunkRef | null {
  const m = CHUNK.exec(key);
  if (!m) return null;
  return { key, accountId: m[1]!, serverId: m[2]!, newest: parseInt(m[3]!, 36), count: Number(m[4]), sequence: Number(m[6]) };
}

/**
 * Deletes chunks past the bounds: older than `maxAgeMs`, then, newest first,
 * those after a server's first `maxPerServer` entries or after the first
 * `maxTotal` of all servers. A chunk goes whole, so a server keeps at most
 * one chunk more than its bound on disk; listings cut at the bound exactly.
 */
export async function prune(store: Store, bounds: { maxPerServer: number; maxTotal: number; maxAgeMs: number }, now: number): Promise<number> {
  const refs = (await store.keys(CALL_LOG_PREFIX)).map(parseChunkKey).filter((r): r is ChunkRef => r !== null);
  refs.sort((a, b) => b.newest - a.newest || b.sequence - a.sequence);
  const doomed: string[] = [];
  const perServer = new Map<string, number>();
  let total = 0;
  for (const ref of refs) {
    const server = `${ref.accountId}:${ref.serverId}`;
    const before = perServer.get(server) ?? 0;
    if (ref.newest < now - bounds.maxAgeMs || before >= bounds.maxPerServer || total >= bounds.maxTotal) {
      doomed.push(ref.key);
      continue;
    }
    perServer.set(server, before + ref.count);
    total += ref.count;
  }
  for (const key of doomed) await store.delete(key);
  return doomed.length;
}
