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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { TOOLS } from '../tools/index.ts';
import { createMcpServer, startGatewayChild } from './gateway.ts';
import { runLoad } from './load.ts';
import { ROOT, spawnChild, type Child } from './processes.ts';
import { evaluateTargets, updateReadme, type PathRun, type Results } from './report.ts';
import { log, longRun, measureRows, round, SLICES, type Path } from './rows.ts';
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
    for (const concurrency of CONCURRENCIES) runs.push(...(await measureRows(measured, concurrency, mock, { durationMs, warmupMs })));
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
