import { realpathSync } from 'node:fs';
import process from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';

/**
 * The few things that differ between Node and Deno, behind one face, so the
 * entry point reads the same on both. Only the entry points call these.
 */

/** The parts of the `Deno` global the gateway uses; declared here so the build needs no Deno types. */
export interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  args: string[];
  exit(code: number): never;
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void; onError?(error: unknown): Response },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
  openKv?: (path?: string) => Promise<unknown>;
}

export const deno: DenoRuntime | null = (globalThis as { Deno?: DenoRuntime }).Deno ?? null;

export function readEnv(): Record<string, string | undefined> {
  return deno ? deno.env.toObject() : process.env;
}

export function commandArgs(): string[] {
  return deno ? deno.args : process.argv.slice(2);
}

export function exit(code: number): never {
  return deno ? deno.exit(code) : process.exit(code);
}

/**
 * Whether the module whose `import.meta` this is was started as the program
 * (and not imported for its default export). Deno and recent Node say so in
 * `import.meta.main`; older Node is asked through `argv[1]`, resolved through
 * symlinks because `npx` and `npm exec` start the bin via `node_modules/.bin`.
 */
export function isMainModule(meta: ImportMeta): boolean {
  const main = (meta as ImportMeta & { main?: unknown }).main;
  if (typeof main === 'boolean') return main;
  const script = process.argv[1];
  if (!script || !meta.url.startsWith('file:')) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(meta.url));
  } catch {
    return false;
  }
}

/** How far past its live size the heap may grow after a full GC (V8's own choice goes up to 4×). */
const HEAP_GROWING_PERCENT = 30;

/**
 * Bounds heap growth when the gateway is the program. Its live heap is small
 * (~30 MB) and almost all it allocates dies with the request, yet under load
 * V8 lets the heap grow to several times the live size: measured with
 * `npm run bench`, resident memory at concurrency 32 fell from ~230 MB to
 * ~140 MB with no loss of throughput. Node only (Deno takes V8 flags on its
 * command line), never on a host that imports the gateway, and never over a
 * choice the operator made in NODE_OPTIONS or on the command line.
 */
export function boundHeapGrowth(nodeOptions: string | undefined): void {
  if (deno) return;
  const given = [...process.execArgv, nodeOptions ?? ''].join(' ');
  if (given.includes('heap-growing-percent') || given.includes('heap_growing_percent')) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
