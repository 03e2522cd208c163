/**
 * How `npm run bench` (run.ts) measures: rows of paths under closed-loop
 * load, their CPU and memory read from each process (probe.ts), and the
 * long memory run.
 */
import { Agent } from 'node:http';
import { percentile, runLoad, send, type Answer, type RequestSpec } from './load.ts';
import type { Child } from './processes.ts';
import type { Usage } from './probe.ts';
import type { LongRun, PathRun } from './report.ts';
import { okToolCall, toolCall, type Era } from './requests.ts';

const LONG_RUN_CALLS = 100_000;

export interface Path {
  id: string;
  label: string;
  front: Child;
  spec: (era?: Era) => RequestSpec;
  check: (answer: Answer) => string | null;
  verify?: (answer: Answer) => void;
}

const cpuUs = (u: Usage) => u.cpuUserUs + u.cpuSystemUs;
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Each row is measured in slices, the paths taking turns, rather than one
 * path after another: this VM's speed drifts by up to 1.6x within minutes,
 * and rows measured minutes apart made the ratios between them (the targets)
 * swing with it. Taking turns, every path sees the same drift.
 */
export const SLICES = 4;

interface Tally {
  requests: number;
  elapsedMs: number;
  latencies: Float64Array[];
  frontCpuUs: number;
  mockCpuUs: number;
  frontRssBytes: number;
}

function merged(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}

/** One row per path at `concurrency`: `warmupMs` then `durationMs` of load per path, in turns (see SLICES). */
export async function measureRows(paths: Path[], concurrency: number, mock: Child, { durationMs, warmupMs }: { durationMs: number; warmupMs: number }): Promise<PathRun[]> {
  for (const path of paths) {
    const spec = path.spec();
    if (path.verify) {
      const agent = new Agent();
      path.verify(await send(agent, spec));
      agent.destroy();
    }
  }
  const tallies = paths.map((): Tally => ({ requests: 0, elapsedMs: 0, latencies: [], frontCpuUs: 0, mockCpuUs: 0, frontRssBytes: 0 }));
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, path] of paths.entries()) {
      const spec = path.spec();
      await runLoad({ concurrency, durationMs: warmupMs / SLICES, next: () => spec, check: path.check });
      const [front0, mock0] = await Promise.all([path.front.usage(), mock.usage()]);
      const load = await runLoad({ concurrency, durationMs: durationMs / SLICES, next: () => spec, check: path.check });
      const [front1, mock1] = await Promise.all([path.front.usage(), mock.usage()]);
      if (load.failures > 0) throw new Error(`${path.id} at concurrency ${concurrency}: ${load.failures} failed, first: ${load.firstFailure}`);
      const tally = tallies[i]!;
      tally.requests += load.requests;
      tally.elapsedMs += load.elapsedMs;
      tally.latencies.push(load.latencies);
      tally.frontCpuUs += cpuUs(front1) - cpuUs(front0);
      tally.mockCpuUs += cpuUs(mock1) - cpuUs(mock0);
      tally.frontRssBytes = front1.rssBytes;
    }
  }
  return paths.map((path, i) => {
    const tally = tallies[i]!;
    const latencies = merged(tally.latencies);
    const run: PathRun = {
      path: path.id,
      label: path.label,
      concurrency,
      requests: tally.requests,
      requestsPerSecond: round((tally.requests / tally.elapsedMs) * 1000, 0),
      p50Ms: round(percentile(latencies, 50), 3),
      p99Ms: round(percentile(latencies, 99), 3),
      frontProcess: path.front.name,
      frontCpuUsPerCall: round(tally.frontCpuUs / tally.requests, 0),
      mockCpuUsPerCall: round(tally.mockCpuUs / tally.requests, 0),
      frontRssMb: round(tally.frontRssBytes / 2 ** 20, 1),
    };
    log(
      `${run.path.padEnd(10)} c=${String(concurrency).padEnd(2)}  ${String(run.requestsPerSecond).padStart(6)} req/s  p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms  ` +
        `${run.frontProcess} ${run.frontCpuUsPerCall} µs/call  mock ${run.mockCpuUsPerCall} µs/call  rss ${run.frontRssMb} MB`,
    );
    return run;
  });
}

/** The memory run (`--long`): 100k tools/calls at concurrency 32, both eras, RSS and heap sampled every tenth. */
export async function longRun(gateway: Child, serverUrl: string): Promise<LongRun> {
  const specs = [toolCall(serverUrl, 'legacy'), toolCall(serverUrl, 'modern')];
  const samples: LongRun['samples'] = [];
  const started = Date.now();
  const load = await runLoad({
    concurrency: 32,
    requests: LONG_RUN_CALLS,
    next: (n) => specs[n % 2]!,
    check: okToolCall,
    onProgress: {
      every: LONG_RUN_CALLS / 10,
      async call(done) {
        const u = await gateway.usage();
        samples.push({ calls: done, rssMb: round(u.rssBytes / 2 ** 20, 1), heapUsedMb: round(u.heapUsedBytes / 2 ** 20, 1) });
        log(`long run: ${done} calls, gateway rss ${samples.at(-1)!.rssMb} MB, heap ${samples.at(-1)!.heapUsedMb} MB`);
      },
    },
  });
  if (load.failures > 0) throw new Error(`long run: ${load.failures} failed, first: ${load.firstFailure}`);
  const at = (calls: number) => samples.find((s) => s.calls === calls)!;
  const half = at(LONG_RUN_CALLS / 2);
  const full = at(LONG_RUN_CALLS);
  return {
    date: new Date(started).toISOString(),
    calls: load.requests,
    concurrency: 32,
    requestsPerSecond: round(load.requestsPerSecond, 0),
    rssMbAt50k: half.rssMb,
    rssMbAt100k: full.rssMb,
    rssGrowthPercent: round(((full.rssMb - half.rssMb) / half.rssMb) * 100, 1),
    samples,
  };
}
