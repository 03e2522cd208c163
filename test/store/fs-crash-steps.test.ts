import { existsSync, truncateSync, utimesSync } from 'node:fs';
import fsp, { mkdtemp, readdir, rm } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createFsStore } from '../../gateway/store/fs.ts';
import type { Store } from '../../gateway/store/store.ts';

/**
 * The fs store's crash safety, step by step rather than by a SIGKILL at a
 * random moment: every file-system call a write makes (open the temp file,
 * write it, fsync, close, rename or link, fsync the folder, ...) is
 * interrupted in turn, and the folder is then opened by a new store, as a
 * restarted gateway would. It must hold the old document or the new one,
 * never a torn one, list no stray temp file as a key, and keep working.
 *
 * The interruption replaces the store's `node:fs/promises` functions for
 * the test (`syncBuiltinESMExports` carries the replacement into its named
 * imports). At the chosen call the write stops for good: the call never
 * returns, so nothing after it runs (no `finally`, no clean-up), which is
 * what a process killed there leaves. Three ways to stop:
 * - `kill`: before the call (the process died);
 * - `torn`: halfway through a data write (the process died mid-write);
 * - `power-cut`: before the call, and every file whose data was written but
 *   not yet fsynced loses it (the worst a power cut may do to it).
 * `power-cut` after the write resolved checks durability: the new document.
 * Since power cuts are modelled, fsync itself only marks a file synced.
 */

type Kind = 'kill' | 'torn' | 'power-cut';
interface Crash {
  /** The 1-based file-system call of the write to stop at; past the last, after the write resolved. */
  at: number;
  kind: Kind;
}

interface Step {
  call: string;
  path: string;
}

/** What the instrumented fs sees and does while a write is armed. */
const armed = {
  on: false,
  crash: null as Crash | null,
  trace: [] as Step[],
  /** Paths whose latest data has not been fsynced (moved along by rename and link). */
  dirty: new Set<string>(),
  /** Real handles opened while armed; a crash closes them, as the kernel does for a dead process. */
  handles: new Set<fsp.FileHandle>(),
  crashed: null as null | (() => void),
};

const never = new Promise<never>(() => {});

/** Power cut: unsynced data is gone. A file renamed into place before its data was synced is left empty. */
function loseUnsyncedData(): void {
  for (const path of armed.dirty) if (existsSync(path)) truncateSync(path, 0);
}

async function stop(): Promise<never> {
  if (armed.crash?.kind === 'power-cut') loseUnsyncedData();
  for (const handle of armed.handles) await handle.close().catch(() => undefined);
  armed.handles.clear();
  armed.crashed?.();
  return never;
}

/** Counts a call; `true` when the write stops at it. */
function reached(call: string, path: string, dataWrite = false): boolean {
  if (!armed.on) return false;
  armed.trace.push({ call, path });
  const crash = armed.crash;
  if (!crash || crash.at !== armed.trace.length) return false;
  // A torn crash lands in the middle of a data write only; at other calls it is a plain kill.
  return crash.kind !== 'torn' || !dataWrite ? true : false;
}

function tornAt(call: string): boolean {
  return armed.on && armed.crash?.kind === 'torn' && armed.crash.at === armed.trace.length && armed.trace.at(-1)?.call === call;
}

const original = { ...fsp };

function instrument(): void {
  const wrap = <K extends 'mkdir' | 'rename' | 'link' | 'rm' | 'unlink' | 'stat'>(name: K, effect: (...args: string[]) => void = () => {}) => {
    const real = original[name] as (...args: unknown[]) => Promise<unknown>;
    (fsp as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      // A rename or link is traced by the name it makes.
      if (reached(name, String(name === 'rename' || name === 'link' ? args[1] : args[0]))) return stop();
      const result = await real(...args);
      if (armed.on) effect(...args.map(String));
      return result;
    };
  };
  wrap('mkdir');
  wrap('stat');
  wrap('rename', (from, to) => {
    armed.dirty.delete(to);
    if (armed.dirty.delete(from)) armed.dirty.add(to);
  });
  wrap('link', (from, to) => {
    if (armed.dirty.has(from)) armed.dirty.add(to);
  });
  wrap('rm', (path) => armed.dirty.delete(path));
  wrap('unlink', (path) => armed.dirty.delete(path));

  fsp.writeFile = (async (path: string, data: string) => {
    if (reached('writeFile', String(path), true)) return stop();
    armed.dirty.add(String(path));
    if (tornAt('writeFile')) {
      await original.writeFile(path, Buffer.from(data).subarray(0, Buffer.byteLength(data) >> 1));
      return stop();
    }
    return original.writeFile(path, data);
  }) as typeof fsp.writeFile;

  fsp.open = (async (path: string, flags?: string) => {
    if (reached(`open(${flags ?? 'r'})`, String(path))) return stop();
    const handle = await original.open(path, flags);
    if (armed.on) armed.handles.add(handle);
    const file = String(path);
    // The FileHandle methods the store uses, each a step of its own.
    return {
      async writeFile(data: string, encoding: BufferEncoding) {
        if (reached('handle.writeFile', file, true)) return stop();
        armed.dirty.add(file);
        if (tornAt('handle.writeFile')) {
          const bytes = Buffer.from(data, encoding);
          await handle.write(bytes.subarray(0, bytes.length >> 1));
          return stop();
        }
        return handle.writeFile(data, encoding);
      },
      // Power cuts are the model's (loseUnsyncedData), so the disk is never asked to flush: ~10 ms a write here.
      async sync() {
        if (reached('handle.sync', file)) return stop();
        armed.dirty.delete(file);
      },
      async close() {
        if (reached('handle.close', file)) return stop();
        armed.handles.delete(handle);
        return handle.close();
      },
    } as unknown as fsp.FileHandle;
  }) as typeof fsp.open;
  syncBuiltinESMExports();
}

function restore(): void {
  Object.assign(fsp, original);
  syncBuiltinESMExports();
}

const folders: string[] = [];
afterEach(restore);
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Large enough that half of one is a long way from whole. */
const documentNamed = (name: string) => ({ name, padding: name.repeat(8 * 1024) });
const OLD = documentNamed('old');
const NEW = documentNamed('new');

interface Scenario {
  name: string;
  key: string;
  /** What the key holds before the write; null: absent. */
  before: unknown;
  /** What it holds after the write. */
  after: unknown;
  write(store: Store): Promise<unknown>;
}

const SCENARIOS: Scenario[] = [
  { name: 'set over an existing document', key: 'records:one', before: OLD, after: NEW, write: (store) => store.set('records:one', NEW) },
  { name: 'set of a new key in a new folder', key: 'fresh:folder:doc', before: null, after: NEW, write: (store) => store.set('fresh:folder:doc', NEW) },
  { name: 'setIfAbsent of a new key', key: 'records:two', before: null, after: NEW, write: (store) => store.setIfAbsent('records:two', NEW) },
  { name: 'replace of an existing document', key: 'records:one', before: OLD, after: NEW, write: (store) => store.replace('records:one', NEW) },
  { name: 'delete', key: 'records:one', before: OLD, after: null, write: (store) => store.delete('records:one') },
];

/** Files and folders under `dir` whose name marks a temp file. */
async function tempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.startsWith('.tmp-')).map((e) => join(e.parentPath, e.name));
}

/**
 * Seeds a folder, runs the scenario's write with the crash armed, and opens
 * the folder again with a new store. The trace is every call the write made
 * up to the crash (all of them when it finished).
 */
async function crashDuring(scenario: Scenario, crash: Crash | null) {
  const dir = await mkdtemp(join(tmpdir(), 'rrmcp-crash-'));
  folders.push(dir);
  const first = await createFsStore({ dir });
  await first.set('elsewhere:other', { untouched: true });
  if (scenario.before !== null) await first.set(scenario.key, scenario.before);

  Object.assign(armed, { on: true, crash, trace: [], dirty: new Set(), handles: new Set() });
  const crashed = new Promise<'crashed'>((resolve) => (armed.crashed = () => resolve('crashed')));
  const outcome = await Promise.race([scenario.write(first).then(() => 'finished' as const), crashed]);
  if (outcome === 'finished' && crash?.kind === 'power-cut') loseUnsyncedData();
  armed.on = false;
  const trace = armed.trace;
  // The crashed store is dropped as the process was; the folder is opened afresh.
  const reopened = await createFsStore({ dir });
  return { dir, outcome, trace, reopened };
}

describe('fs store: a write interrupted at each of its steps', () => {
  it.each(SCENARIOS)('$name: old or new, never torn, and the store keeps working', async (scenario) => {
    instrument();
    const whole = await crashDuring(scenario, null);
    expect(whole.outcome).toBe('finished');
    expect(await whole.reopened.get(scenario.key)).toEqual(scenario.after);
    const steps = whole.trace.length;
    expect(steps).toBeGreaterThan(0);

    for (let at = 1; at <= steps + 1; at++) {
      const dataWrite = /writeFile/.test(whole.trace[at - 1]?.call ?? '');
      // Torn differs from a kill only in the middle of a data write.
      const kinds: Kind[] = dataWrite ? ['kill', 'torn', 'power-cut'] : ['kill', 'power-cut'];
      for (const kind of kinds) {
        const label = `${kind} at step ${at} of ${steps} (${whole.trace[at - 1]?.call ?? 'after the write resolved'} ${basename(whole.trace[at - 1]?.path ?? '')})`;
        const { dir, outcome, reopened } = await crashDuring(scenario, { at, kind });
        expect(outcome, label).toBe(at > steps ? 'finished' : 'crashed');

        const found = await reopened.get(scenario.key);
        expect([scenario.before, scenario.after], `${label}: torn document`).toContainEqual(found);
        // Once the write has resolved, even a power cut keeps the new document.
        if (at > steps) expect(found, label).toEqual(scenario.after);
        expect(await reopened.get('elsewhere:other'), label).toEqual({ untouched: true });

        // A stray temp file is no key, and the store still writes and reads the same key.
        const keys = await reopened.keys(scenario.key.split(':')[0]!);
        expect(keys, label).toEqual(found === null ? [] : [scenario.key]);
        await reopened.set(scenario.key, { after: label });
        expect(await reopened.get(scenario.key), label).toEqual({ after: label });
        expect(await reopened.setIfAbsent('records:later', { later: true }), label).toBe(true);

        // Left long enough, the temp files of a crashed write are removed when a store opens the folder.
        const strays = await tempFiles(dir);
        const past = new Date(Date.now() - 5 * 60_000);
        for (const file of strays) utimesSync(file, past, past);
        await createFsStore({ dir });
        expect(await tempFiles(dir), label).toEqual([]);
      }
    }
  });

  it('a write resolves only once the folder that received the new name has been fsynced', async () => {
    instrument();
    for (const scenario of SCENARIOS) {
      const { trace } = await crashDuring(scenario, null);
      const named = trace.findLastIndex((step) => step.call === 'rename' || step.call === 'link' || step.call === 'unlink');
      expect(named, scenario.name).toBeGreaterThanOrEqual(0);
      const folder = dirname(trace[named]!.path);
      const synced = trace.findIndex((step, i) => i > named && step.call === 'handle.sync' && step.path === folder);
      expect(synced, `${scenario.name}: ${trace.map((s) => s.call).join(', ')}`).toBeGreaterThan(named);
    }
  });
});
