import { build } from 'esbuild';
import { join } from 'node:path';
import { buildProjectBundle } from './gateway.ts';
import { ROOT } from './processes.ts';

/**
 * Every measured process runs plain JavaScript under plain `node`: a
 * TypeScript loader (tsx) costs each process ~40 MB of memory and a slower
 * start, which is no cost of the code under test. The gateway is the
 * project's own bundle (`npm run build`); in a tree without that script the
 * benchmark bundles `server.ts` itself, the same way (one ESM file).
 */
export interface Bundles {
  gateway: string;
  /** Where the gateway came from, for the report. */
  gatewaySource: 'dist' | 'bench';
  mock: string;
  proxy: string;
  probe: string;
}

// Bundled CommonJS dependencies call `require`, which an ES module lacks.
const REQUIRE_SHIM = "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);";

async function bundle(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: REQUIRE_SHIM },
    logLevel: 'warning',
  });
  return outfile;
}

export async function buildBundles(outDir: string): Promise<Bundles> {
  const dist = buildProjectBundle();
  const [gateway, mock, proxy, probe] = await Promise.all([
    dist ?? bundle('server.ts', join(outDir, 'server.mjs')),
    bundle('bench/mock-server.ts', join(outDir, 'mock-server.mjs')),
    bundle('bench/proxy-server.ts', join(outDir, 'proxy-server.mjs')),
    bundle('bench/probe.ts', join(outDir, 'probe.mjs')),
  ]);
  return { gateway, gatewaySource: dist ? 'dist' : 'bench', mock, proxy, probe };
}
