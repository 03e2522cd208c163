import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecords } from '../../gateway/records/index.ts';
import { createFsStore } from '../../gateway/store/fs.ts';
import { ENCRYPTION_KEY } from './fixtures.ts';

const WRITER = fileURLToPath(new URL('./fs-writer.child.ts', import.meta.url));
const folders: string[] = [];

afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the writer until it has finished `turns` turns plus a random bit more, then SIGKILLs it mid-loop. */
function runAndKill(dir: string, turns: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let finished = 0;
    let stderr = '';
    const killAt = turns + Math.floor(Math.random() * 5);
    child.stdout.on('data', (chunk: Buffer) => {
      finished += chunk.toString().split('\n').filter((line) => line.startsWith('turn ')).length;
      // A short random delay puts the kill somewhere inside the next turn's writes.
      if (finished >= killAt && child.exitCode === null) setTimeout(() => child.kill('SIGKILL'), Math.random() * 5);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(finished) : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('fs store under SIGKILL', () => {
  it('every record left by a killed writer parses whole, and the store reopens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrmcp-sigkill-'));
    folders.push(dir);
    for (let round = 0; round < 3; round++) {
      expect(await runAndKill(dir, 8)).toBeGreaterThanOrEqual(8);

      const files = await filesUnder(dir);
      const records = files.filter((file) => file.endsWith('.json') && !relative(dir, file).split('/').some((p) => p.startsWith('.')));
      expect(records.length).toBeGreaterThan(10);
      for (const file of records) {
        const text = await readFile(file, 'utf8');
        expect(() => JSON.parse(text), `${relative(dir, file)} is torn`).not.toThrow();
      }
      const blob = JSON.parse(await readFile(join(dir, 'blob', 'big.json'), 'utf8')) as { turn: number; length: number; payload: string };
      expect(blob.payload).toBe(String(blob.turn % 10).repeat(blob.length));

      // Through the records layer too: every reachable record validates, and the account's secret still opens.
      const store = await createFsStore({ dir });
      const gateway = await createRecords({ store, encryptionKey: ENCRYPTION_KEY });
      const [account] = await gateway.accounts.list();
      expect(account).toBeDefined();
      expect((await gateway.accounts.credentials(account!.id))?.client_secret).toBeTruthy();
      const servers = await gateway.mcpServers.list(account!.id);
      expect(servers.length).toBeGreaterThan(8 * (round + 1));
      await gateway.sweep();
      await store.close();
    }
  }, 60_000);
});
