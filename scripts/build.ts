/**
 * `npm run build`: the gateway as one self-contained ESM file,
 * `dist/roserocket-mcp.js`, that runs under `node` and `deno run` and whose
 * default export `{ fetch }` deploys to Deno Deploy as is. Every dependency
 * is inside it; the only imports left are `node:` builtins, which both
 * runtimes provide.
 *
 * Beside it, `deploy.js` re-exports that default export and nothing else: the
 * entry for `deno serve` and Deno Deploy. Deno marks the module it starts as
 * main under `deno serve` too, so given the bundle itself the gateway would
 * also start its own listener; imported through the re-export, it doesn't.
 */
import { build, type Plugin } from 'esbuild';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OUTFILE = fileURLToPath(new URL('../dist/roserocket-mcp.js', import.meta.url));
const ENTRY = fileURLToPath(new URL('../server.ts', import.meta.url));

const builtins = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** Deno resolves builtins only by their `node:` name, so bare `fs`/`events` in dependencies are renamed. */
const nodePrefix: Plugin = {
  name: 'node-prefix',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[a-z_/]+$/ }, (args) => {
      if (!builtins.has(args.path) && !builtins.has(args.path.split('/')[0]!)) return undefined;
      return { path: `node:${args.path}`, external: true };
    });
  },
};

/**
 * Optional packages a dependency tries inside try/catch and copes without:
 * `debug` (under ioredis) only colours its output with `supports-color`.
 * They resolve to an empty module instead of a run-time lookup that would fail.
 */
const OPTIONAL = ['supports-color'];
const leaveOutOptional: Plugin = {
  name: 'leave-out-optional',
  setup(esbuild) {
    const filter = new RegExp(`^(${OPTIONAL.join('|')})$`);
    esbuild.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'left-out' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * zod carries its error messages in some forty languages, and its namespace
 * export keeps them all in any bundle: a sixth of this one, parsed at every
 * start. The gateway speaks English (zod's default, set by zod itself), so
 * the locale index offers English alone.
 */
const englishOnly: Plugin = {
  name: 'zod-english-only',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * The bundle's text with every non-ASCII character written as a `\uXXXX`
 * escape. Node decodes a module's source as UTF-8 before V8 scans it, and
 * one non-ASCII character makes the whole file two-byte text, slower to
 * decode and to scan: a dozen typographic characters in the dashboard's
 * templates (esbuild escapes strings, but leaves template literals as
 * written) cost ~15-30 ms of CPU at every start. The escape means the same
 * character in a string, a template's text, a regular expression or a name;
 * only a template's raw text (`String.raw`) would differ, so a line that has
 * both stops the build. (Columns on the few lines changed move a little
 * against the source map.)
 */
async function asAscii(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .map((line, i) => {
      if (!/[^\x00-\x7f]/.test(line)) return line;
      if (line.includes('String.raw')) throw new Error(`${file}:${i + 1}: String.raw beside a non-ASCII character, which an escape would change`);
      return line.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    })
    .join('\n');
}

/** Builds the bundle (to `outfile`: tests build their own copy, so parallel files never share one). */
export async function buildBundle(outfile = OUTFILE): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Bundled CommonJS (ioredis, ajv) calls require(); an ES module has none until it is made here.
    banner: { js: "import { createRequire as __rrmcpCreateRequire } from 'node:module';\nconst require = __rrmcpCreateRequire(import.meta.url);" },
    plugins: [nodePrefix, leaveOutOptional, englishOnly],
    legalComments: 'none',
    // Whitespace and comments cost start-up time to scan (~30 ms here); names stay, so stack traces
    // still name functions, and the linked source map (`node --enable-source-maps`) gives back files and lines.
    minifyWhitespace: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const foreign = output.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path);
  if (foreign.length > 0) throw new Error(`the bundle would import ${[...new Set(foreign)].join(', ')} at run time; bundle them or drop them`);
  await writeFile(outfile, await asAscii(outfile));
  await chmod(outfile, 0o755);
  await writeFile(join(dirname(outfile), 'deploy.js'), `export { default } from './${basename(outfile)}';\n`);
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = await buildBundle();
  // stderr: `npm pack --json` runs this as prepack, and its stdout must stay JSON.
  process.stderr.write(`built ${file}\n`);
}
