/**
 * `npm run bench`: the gateway measured against the physical limit, side by
 * side in one run on loopback, closed-loop, at concurrency 1 and 32:
 *
 *   (a) GET an order straight from the mock Rose Rocket;
 *   (b) the same through a bare Hono pass-through proxy (one extra Node hop);
 *   (c) the same as an MCP tools/call through the gateway, in both protocol eras;
 *   (d) tools/list on an MCP server that sees the whole catalogue.
 *
 * Flags: `--long` adds the 100k-call memory run; `--duration <ms>` per
 * measurement (default 4000); `--only c-legacy,d-modern` measures some paths
 * and writes nothing; `--profile` takes a CPU profile of the gateway (into a
 * temporary folder it names; read it with profile-summary.ts); `--readme`
 * rewrites the table in bench/README.md from the results. Writes bench/results.json.
 */
import { Agent } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { TOOLS } from '../tools/index.ts';
import { createMcpServer, startGatewayChild } from './gateway.ts';
import { percentile, runLoad, send, type Answer, type RequestSpec } from './load.ts';
import { ROOT, spawnChild, type Child } from './processes.ts';
import type { Usage } from './probe.ts';
import { evaluateTargets, updateReadme, type LongRun, type PathRun, type Results } from './report.ts';
import {
  directGet,
  mockAccessToken,
  okStatus,
  okToolCall,
  okToolList,
  toolCall,
  toolList,
  verifyToolCall,
  verifyToolList,
  type Era,
} from './requests.ts';
import { measureStartup } from './startup.ts';
import { buildBundles } from './bundle.ts';

const { values: flags } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    duration: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '1000' },
    profile: { type: 'boolean', default: false },
    readme: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const durationMs = Number(flags.duration);
const warmupMs = Number(flags.warmup);
if (!(durationMs > 0) || !(warmupMs >= 0)) throw new Error('--duration and --warmup take milliseconds');

const RESULTS = join(ROOT, 'bench', 'results.json');
const CONCURRENCIES = [1, 32] as const;
const LONG_RUN_CALLS = 100_000;

interface Path {
  id: string;
  label: string;
  front: Child;
  spec: (era?: Era) => RequestSpec;
  check: (answer: Answer) => string | null;
  verify?: (answer: Answer) => void;
}

const cpuUs = (u: Usage) => u.cpuUserUs + u.cpuSystemUs;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Each row is measured in slices, the paths taking turns, rather than one
 * path after another: this VM's speed drifts by up to 1.6x within minutes,
 * and rows measured minutes apart made the ratios between them (the targets)
 * swing with it. Taking turns, every path sees the same drift.
 */
const SLICES = 4;

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

async function measureRows(paths: Path[], concurrency: number, mock: Child): Promise<PathRun[]> {
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

async function longRun(gateway: Child, serverUrl: string): Promise<LongRun> {
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

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'rrmcp-bench-'));
  const children: Child[] = [];
  let finished = false;
  // Profiles (and the bundle they were taken on, to read them) outlive the run, outside the repository.
  const profileDir = flags.profile ? mkdtempSync(join(tmpdir(), 'rrmcp-profile-')) : '';
  try {
    const bundles = await buildBundles(flags.profile ? profileDir : join(work, 'bundles'));
    const mock = await spawnChild({ name: 'mock', script: bundles.mock, probe: bundles.probe, logFile: join(work, 'mock.log') });
    children.push(mock);
    const proxy = await spawnChild({
      name: 'proxy',
      script: bundles.proxy,
      probe: bundles.probe,
      env: { PROXY_TARGET: mock.url },
      logFile: join(work, 'proxy.log'),
    });
    children.push(proxy);
    const gateway = await startGatewayChild({
      script: bundles.gateway,
      probe: bundles.probe,
      mockUrl: mock.url,
      dataDir: join(work, 'data'),
      logFile: join(work, 'gateway.log'),
      nodeFlags: flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    children.push(gateway);
    const serverUrl = await createMcpServer(gateway.url);
    const accessToken = await mockAccessToken(mock.url);

    const paths: Path[] = [
      { id: 'a', label: 'direct GET on the mock', front: mock, spec: () => directGet(mock.url, accessToken), check: okStatus },
      { id: 'b', label: 'bare Hono proxy', front: proxy, spec: () => directGet(proxy.url, accessToken), check: okStatus },
      ...(['legacy', 'modern'] as const).flatMap((era): Path[] => [
        { id: `c-${era}`, label: `tools/call, ${era} era`, front: gateway, spec: () => toolCall(serverUrl, era), check: okToolCall, verify: verifyToolCall },
        {
          id: `d-${era}`,
          label: `tools/list (${TOOLS.length} tools), ${era} era`,
          front: gateway,
          spec: () => toolList(serverUrl, era),
          check: okToolList,
          verify: (answer) => verifyToolList(answer, TOOLS.length),
        },
      ]),
    ];

    const runs: PathRun[] = [];
    const only = flags.only?.split(',');
    const measured = paths.filter((path) => !only || only.includes(path.id));
    // Every path once through before anything is timed: otherwise the first gateway row alone would
    // pay for V8 compiling the shared request path (its CPU time counts the compiler threads too).
    for (const path of measured) {
      const spec = path.spec();
      await runLoad({ concurrency: 8, durationMs: warmupMs, next: () => spec, check: path.check });
    }
    for (const concurrency of CONCURRENCIES) runs.push(...(await measureRows(measured, concurrency, mock)));
    if (only) {
      // A partial run (for a profile) is not a result: report it and stop.
      await gateway.stop();
      if (flags.profile) log(`profile in ${profileDir}; summarise with: npx tsx bench/profile-summary.ts <file> ${bundles.gateway}`);
      finished = true;
      return;
    }

    const previous = readPrevious();
    const long = flags.long ? await longRun(gateway, serverUrl) : (previous?.longRun ?? null);
    const gatewayUsage = await gateway.usage();
    await gateway.stop(); // before the startup runs, which want the machine to themselves
    children.splice(children.indexOf(gateway), 1);

    log('startup: spawn to first successful tools/call …');
    const startup = await measureStartup(bundles, mock.url, join(work, 'startup.log'));
    for (const s of [startup, startup.tsx]) log(`startup (${s.entry}): median ${s.medianMs} ms, runs ${s.runs.join(', ')}`);

    const results: Results = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        cores: cpus().length,
        memoryGb: round(totalmem() / 2 ** 30, 1),
        os: `${platform()} ${release()}`,
        node: process.version,
      },
      settings: { durationMs, warmupMs, slices: SLICES, concurrencies: [...CONCURRENCIES], tool: 'get_single_roserocket_object_by_id',
        store: 'fs (default)',
        gateway: bundles.gatewaySource === 'dist' ? relative(ROOT, bundles.gateway) : "the benchmark's esbuild bundle of server.ts (no dist/ yet)",
      },
      runs,
      gatewayMaxRssMb: round(gatewayUsage.maxRssBytes / 2 ** 20, 1),
      startup,
      longRun: long,
      targets: [],
    };
    results.targets = evaluateTargets(results);
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    for (const t of results.targets) log(`${t.met ? 'met ' : 'MISS'}  ${t.name}: ${t.value} (target ${t.target})`);
    if (flags.readme) updateReadme(results);
    log(`wrote ${RESULTS}${flags.readme ? ' and the table in bench/README.md' : ''}`);
    finished = true;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    // The children's logs are kept when something went wrong: the error names them.
    if (finished) rmSync(work, { recursive: true, force: true });
  }
}

function readPrevious(): Results | null {
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
