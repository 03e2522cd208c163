import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createRecords, DEFAULT_ACCOUNT_ID } from '../gateway/records/index.ts';
import { createFsStore } from '../gateway/store/fs.ts';
import { DEMO_ORG } from '../mock-roserocket/orgs.ts';
import type { Bundles } from './bundle.ts';
import { ENCRYPTION_KEY, gatewayEnv } from './gateway.ts';
import { send } from './load.ts';
import { freePort, ROOT } from './processes.ts';
import { okToolCall, toolCall } from './requests.ts';

/**
 * From `spawn` to the first successful `tools/call`: process start, module
 * loading, opening the store, the first OAuth token and the upstream call.
 * The MCP server record is made beforehand in the data folder (through the
 * records layer, as an earlier run of the gateway would have left it), so
 * the clock covers the gateway alone.
 */
export interface StartupTimes {
  entry: string;
  runs: number[];
  medianMs: number;
  minMs: number;
}

export interface StartupResult extends StartupTimes {
  /** `dist`: the project's bundle; `bench`: the benchmark's own bundle of server.ts, until `npm run build` exists. */
  source: 'dist' | 'bench';
  /** For reference: `node --import tsx server.ts`, TypeScript compiled at start. */
  tsx: StartupTimes;
}

async function seedDataDir(dir: string, mockUrl: string): Promise<string> {
  const store = await createFsStore({ dir });
  const records = await createRecords({ store, encryptionKey: ENCRYPTION_KEY });
  await records.accounts.ensureDefault({
    name: 'Rose Rocket',
    api_url: `${mockUrl}/api/v2/platformModel`,
    auth_url: mockUrl,
    org_id: DEMO_ORG.orgId,
    user_id: DEMO_ORG.userId,
    client_id: DEMO_ORG.clientId,
    client_secret: DEMO_ORG.clientSecret,
  });
  const { token } = await records.mcpServers.create(DEFAULT_ACCOUNT_ID, {
    name: 'startup',
    config: { methods: [], tags: [], require_api_token_auth: false },
    expires_at: null,
  });
  await store.close();
  return token;
}

async function once(args: string[], mockUrl: string, logFile: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rrmcp-startup-'));
  try {
    const token = await seedDataDir(dataDir, mockUrl);
    const port = await freePort();
    const spec = toolCall(`http://127.0.0.1:${port}/mcp/${token}`, 'legacy');
    const agent = new Agent({ keepAlive: false });
    const log = openSync(logFile, 'a');

    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', ...gatewayEnv(mockUrl, dataDir, port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    let exit: string | null = null;
    child.once('exit', (code, signal) => (exit = `exited (${code ?? signal})`));
    try {
      for (;;) {
        if (exit) throw new Error(`the gateway ${exit} before its first tools/call; see ${logFile}`);
        // Refused until it listens, and 503 while it is still starting.
        const answer = await send(agent, spec).catch(() => null);
        if (answer && okToolCall(answer) === null) return performance.now() - started;
        if (answer && answer.status !== 503) throw new Error(`first tools/call failed: ${okToolCall(answer)}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    } finally {
      child.kill('SIGKILL');
      agent.destroy();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function times(entry: string, args: string[], mockUrl: string, logFile: string, runs: number): Promise<StartupTimes> {
  const measured: number[] = [];
  for (let i = 0; i < runs; i++) measured.push(await once(args, mockUrl, logFile));
  const sorted = [...measured].sort((a, b) => a - b);
  const tenth = (n: number) => Math.round(n * 10) / 10;
  return { entry, runs: measured.map(tenth), medianMs: tenth(sorted[Math.floor(sorted.length / 2)]!), minMs: tenth(sorted[0]!) };
}

export async function measureStartup(bundles: Bundles, mockUrl: string, logFile: string, runs = 5): Promise<StartupResult> {
  const entry = bundles.gatewaySource === 'dist' ? `node ${relative(ROOT, bundles.gateway)}` : 'node <esbuild bundle of server.ts>';
  const bundle = await times(entry, [bundles.gateway], mockUrl, logFile, runs);
  const tsx = await times('node --import tsx server.ts', ['--import', 'tsx', join(ROOT, 'server.ts')], mockUrl, logFile, runs);
  return { ...bundle, source: bundles.gatewaySource, tsx };
}
