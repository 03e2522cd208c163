import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.ts';
import type { StartupResult } from './startup.ts';

/** The shape of bench/results.json, the targets of issue 6, and the README table made from them. */
export interface PathRun {
  path: string;
  label: string;
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The process that answered the load generator: the mock (a), the proxy (b) or the gateway (c, d). */
  frontProcess: string;
  frontCpuUsPerCall: number;
  mockCpuUsPerCall: number;
  frontRssMb: number;
}

export interface LongRun {
  date: string;
  calls: number;
  concurrency: number;
  requestsPerSecond: number;
  rssMbAt50k: number;
  rssMbAt100k: number;
  rssGrowthPercent: number;
  samples: Array<{ calls: number; rssMb: number; heapUsedMb: number }>;
}

export interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean;
}

export interface Results {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string };
  settings: { durationMs: number; warmupMs: number; slices: number; concurrencies: number[]; tool: string; store: string; gateway: string };
  runs: PathRun[];
  gatewayMaxRssMb: number;
  startup: StartupResult;
  longRun: LongRun | null;
  targets: Target[];
}

const find = (r: Results, path: string, concurrency: number) => {
  const run = r.runs.find((x) => x.path === path && x.concurrency === concurrency);
  if (!run) throw new Error(`no run of ${path} at concurrency ${concurrency}`);
  return run;
};

export function evaluateTargets(r: Results): Target[] {
  const targets: Target[] = [];
  const b32 = find(r, 'b', 32).requestsPerSecond;
  const a1 = find(r, 'a', 1).p50Ms;
  for (const era of ['legacy', 'modern']) {
    const c32 = find(r, `c-${era}`, 32).requestsPerSecond;
    targets.push({ name: `(c) ${era}: req/s at c=32 vs (b)`, value: `${Math.round((c32 / b32) * 100)}%`, target: '≥ 50%', met: c32 >= b32 / 2 });
    const c1 = find(r, `c-${era}`, 1).p50Ms;
    targets.push({ name: `(c) ${era}: p50 at c=1 minus (a)'s`, value: `${(c1 - a1).toFixed(2)} ms`, target: '≤ 2 ms', met: c1 - a1 <= 2 });
    const d1 = find(r, `d-${era}`, 1).p50Ms;
    targets.push({ name: `(d) ${era}: tools/list p50 at c=1`, value: `${d1.toFixed(2)} ms`, target: '≤ 2 ms', met: d1 <= 2 });
  }
  targets.push({ name: 'gateway peak RSS', value: `${r.gatewayMaxRssMb} MB`, target: '< 150 MB', met: r.gatewayMaxRssMb < 150 });
  if (r.longRun) {
    const l = r.longRun;
    targets.push({
      name: 'RSS growth 50k → 100k calls',
      value: `${l.rssMbAt50k} → ${l.rssMbAt100k} MB (${l.rssGrowthPercent}%)`,
      target: '< 10%, < 150 MB',
      met: l.rssGrowthPercent < 10 && l.rssMbAt100k < 150,
    });
  }
  targets.push({
    name: `startup to first tools/call (${r.startup.source === 'dist' ? 'dist bundle' : "bench's bundle of server.ts"})`,
    value: `${r.startup.medianMs} ms`,
    target: '≤ 500 ms',
    met: r.startup.medianMs <= 500,
  });
  return targets;
}

export function markdown(r: Results): string {
  const lines = [
    `Measured ${r.date.slice(0, 10)} on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, ${r.machine.os}, Node ${r.machine.node}; ` +
      `every process on that one machine. ${r.settings.durationMs / 1000} s per row in ${r.settings.slices} slices, the paths taking turns, each slice after ${r.settings.warmupMs / r.settings.slices / 1000} s of warm-up (and every path warmed once before the first row); tool \`${r.settings.tool}\`, store ${r.settings.store}, gateway run as ${r.settings.gateway}.`,
    '',
    '| Path | Conc. | req/s | p50 ms | p99 ms | CPU µs/call (process) | mock CPU µs/call | RSS MB |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...r.runs.map(
      (x) =>
        `| (${x.path}) ${x.label} | ${x.concurrency} | ${x.requestsPerSecond} | ${x.p50Ms.toFixed(2)} | ${x.p99Ms.toFixed(2)} | ` +
        `${x.frontCpuUsPerCall} (${x.frontProcess}) | ${x.mockCpuUsPerCall} | ${x.frontRssMb} |`,
    ),
    '',
    `Start-up, spawn to first successful \`tools/call\`: \`${r.startup.entry}\` median ${r.startup.medianMs} ms over ${r.startup.runs.length} starts; ` +
      `\`${r.startup.tsx.entry}\` median ${r.startup.tsx.medianMs} ms.`,
  ];
  if (r.longRun) {
    const l = r.longRun;
    lines.push(
      `Long run (${l.date.slice(0, 10)}, \`npm run bench -- --long\`): ${l.calls} tools/calls at concurrency ${l.concurrency}, ${l.requestsPerSecond} req/s; ` +
        `gateway RSS ${l.rssMbAt50k} MB at 50k, ${l.rssMbAt100k} MB at 100k (${l.rssGrowthPercent}%).`,
    );
  }
  lines.push('', '| Target | Reached | Goal | |', '|---|---|---|---|', ...r.targets.map((t) => `| ${t.name} | ${t.value} | ${t.target} | ${t.met ? 'met' : '**missed**'} |`));
  return lines.join('\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Rewrites the table between bench/README.md's markers; the prose around it is left alone. */
export function updateReadme(r: Results): void {
  const file = join(ROOT, 'bench', 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`bench/README.md has no ${START} … ${END} section to fill`);
  writeFileSync(file, `${text.slice(0, start + START.length)}\n\n${markdown(r)}\n\n${text.slice(end)}`);
}
