import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_URL, fetchErp992, REPO_ROOT, startProcess, tempDir } from './support.ts';

/**
 * What `npm publish` would ship, started the way its README says:
 * `npm pack` (whose prepack builds the bundle), then `npx` on the tarball.
 */

const run = promisify(execFile);
const folders: { remove(): Promise<void> }[] = [];
afterAll(async () => {
  for (const folder of folders) await folder.remove();
});

describe('the packed tarball', () => {
  it('holds the bundle as its roserocket-mcp bin, and starts the gateway with npx', async () => {
    const packs = await tempDir('rrmcp-pack-');
    const data = await tempDir('rrmcp-pack-data-');
    folders.push(packs, data);

    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packs.path], { cwd: REPO_ROOT });
    const [pack] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    expect(pack.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'dist/deploy.js', 'dist/roserocket-mcp.js', 'dist/roserocket-mcp.js.map', 'package.json']);
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ 'roserocket-mcp': 'dist/roserocket-mcp.js' });
    // The bundle carries every package it runs: the published package makes npx install nothing beside it.
    const { stdout: packed } = await run('tar', ['-xOzf', join(packs.path, pack.filename), 'package/package.json']);
    const published = JSON.parse(packed) as { dependencies?: object; optionalDependencies?: object; peerDependencies?: object };
    expect([published.dependencies, published.optionalDependencies, published.peerDependencies]).toEqual([undefined, undefined, undefined]);

    // As the README says it: `npx ./<tarball>` beside the tarball. Dependencies come from the npm cache when they can.
    const started = await startProcess('npx', ['--yes', '--prefer-offline', `./${pack.filename}`], {
      env: { HOST: '127.0.0.1', PORT: '0', DATA_DIR: data.path },
      cwd: packs.path,
      ready: /listening on (http:\/\/\S+)/,
      timeoutMs: 45_000,
    });
    try {
      const { result } = await fetchErp992((await started.waitFor(DEMO_URL))[1]!);
      expect(result.structuredContent).toMatchObject({ objectKey: 'order', externalId: 'ERP-992' });
    } finally {
      await started.stop();
    }
  }, 60_000);
});
