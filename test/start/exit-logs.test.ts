import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../deploy/support.ts';

let data: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  data = await tempDir('rrmcp-exit-');
});
afterAll(async () => {
  await data.remove();
});

it('writes the log lines still pending when the program exits', async () => {
  // Log lines go out once per turn of the event loop. This start logs one (the LOG_LEVEL
  // warning) and is refused in the same turn: the line must still reach stderr.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--methods', 'read'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: data.path, LOG_LEVEL: 'chatty' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toContain('LOG_LEVEL must be one of debug, info, warn, error, not \\"chatty\\"');
  expect(stderr).toMatch(/--methods and --tags apply to --stdio only/);
}, 30_000);
