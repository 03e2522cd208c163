import { serve, type ServerType } from '@hono/node-server';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/bootstrap.ts';
import { loadConfig } from '../../gateway/config.ts';
import { silentLogger } from '../../gateway/log.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';

/**
 * The official MCP conformance suite's generic server scenarios, run by its
 * own CLI against the started gateway (embedded mock, demo MCP server URL).
 */
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];
const cli = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');

describe('MCP conformance (generic server scenarios)', () => {
  let gateway: Gateway;
  let server: ServerType;
  let url: string;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'rrmcp-conformance-'));
    gateway = await startGateway(loadConfig({ ENCRYPTION_KEY: 'c'.repeat(64), MCP_FAST_PATH: inject('fastPath') }), silentLogger, { store: createMemoryStore() });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: gateway.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
    });
    url = `http://127.0.0.1:${port}/mcp/${gateway.demo!.token}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await gateway?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it.each(SCENARIOS)('%s passes', async (scenario) => {
    // The CLI writes its results folder into its working directory: keep that out of the repo.
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'server', '--url', url, '--scenario', scenario], {
      cwd: workDir,
      timeout: 60_000,
    });
    // At least one check passed and none failed: "Passed: 0/0" would be a scenario that checked nothing.
    expect(stdout).toMatch(/Passed: ([1-9]\d*)\/\1, 0 failed/);
  }, 70_000);
});
