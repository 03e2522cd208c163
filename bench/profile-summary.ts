/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [bundle.mjs]`: where a
 * gateway CPU profile (`npm run bench -- --profile`) spends its time, as self
 * time per function and per source module. Given the bundle the profile was
 * taken on, each frame is traced back to its module through the bundle's
 * source map.
 */
import { existsSync, readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, bundle] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [bundle.mjs]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Where each bundle position came from, through the bundle's source map (`<bundle>.map`, which the build links).
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Per generated line, its segments' start columns and source files, decoded from the map's VLQ `mappings`. */
function decodeSourceMap(map: { sources: string[]; mappings: string }): Array<{ columns: number[]; sources: string[] }> {
  const lines: Array<{ columns: number[]; sources: string[] }> = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const decoded = { columns: [] as number[], sources: [] as string[] };
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      decoded.columns.push(column);
      decoded.sources.push(fields.length > 1 ? map.sources[source]!.replace(/^(\.\.\/)+/, '') : '(bundle)');
    }
    lines.push(decoded);
  }
  return lines;
}

const mapped = bundle && existsSync(`${bundle}.map`) ? decodeSourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8'))) : null;

function moduleOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return `(${frame.functionName || 'native'})`;
  if (bundle && frame.url.endsWith(bundle.split('/').pop()!)) {
    const line = mapped?.[frame.lineNumber];
    if (!line) return '(bundle)';
    // The last segment starting at or before the frame's column.
    let lo = 0;
    let hi = line.columns.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (line.columns[mid]! <= frame.columnNumber) {
        found = line.sources[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
  return frame.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, 'node_modules/');
}
const packageOf = (module: string) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1] ?? module.split('/').slice(0, 2).join('/');

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of self) {
  const frame = byId.get(id)!.callFrame;
  const module = moduleOf(frame);
  add(byFunction, `${frame.functionName || '(anonymous)'}  ${module}:${frame.lineNumber + 1}`, us);
  add(byModule, module, us);
  add(byPackage, packageOf(module), us);
}

function show(title: string, map: Map<string, number>, rows: number) {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  }
}
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (!frame.url) continue;
    const key = `${frame.functionName || '(anonymous)'}  ${moduleOf(frame)}:${frame.lineNumber + 1}`;
    if (!seen.has(key)) add(inclusive, key, us);
    seen.add(key);
  }
}

console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
show('self time by package / area', byPackage, 15);
show('self time by module', byModule, 25);
show('self time by function', byFunction, 30);
show('inclusive time by function', inclusive, Number(process.env.INCLUSIVE_ROWS ?? 60));
