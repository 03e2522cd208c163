import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ORG } from '../mock-roserocket/orgs.ts';
import { ROOT, freePort, spawnChild, type Child } from './processes.ts';

/**
 * The gateway as users run it: its entry point in a child process, with a
 * data folder of its own and its default account pointed at the mock over
 * real HTTP (the `ROSEROCKET_*` settings, as for the real service).
 */
export const ADMIN_API_KEY = 'bench-admin-key-0123456789abcdef';
export const ENCRYPTION_KEY = 'b'.repeat(64);

export function gatewayEnv(mockUrl: string, dataDir: string, port: number): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ENCRYPTION_KEY,
    ADMIN_API_KEY,
    ROSEROCKET_CLIENT_ID: DEMO_ORG.clientId,
    ROSEROCKET_CLIENT_SECRET: DEMO_ORG.clientSecret,
    ROSEROCKET_ORG_ID: DEMO_ORG.orgId,
    ROSEROCKET_USER_ID: DEMO_ORG.userId,
    ROSEROCKET_API_URL: `${mockUrl}/api/v2/platformModel`,
    ROSEROCKET_AUTH_URL: mockUrl,
    // The limiter's cost per call is measured, its refusals are not: the default (300 calls a minute per
    // URL) would answer all but the first 300 calls of a run with a rate-limited result.
    MCP_RATE_LIMIT: '1000000/1',
  };
}

/**
 * The project's one-file bundle, freshly built by `npm run build` when the
 * project has that script (so the figures are of the code as it stands), at
 * the path package.json's `bin` names; null when there is no build yet, and
 * the caller bundles `server.ts` itself and says so.
 */
export function buildProjectBundle(): string | null {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
  if (!pkg.scripts?.build || !bin) return null;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const path = join(ROOT, bin);
  return existsSync(path) ? path : null;
}

export async function startGatewayChild(options: {
  script: string;
  probe: string;
  mockUrl: string;
  dataDir: string;
  logFile: string;
  nodeFlags?: string[];
}): Promise<Child> {
  const port = await freePort();
  return spawnChild({
    name: 'gateway',
    script: options.script,
    probe: options.probe,
    env: gatewayEnv(options.mockUrl, options.dataDir, port),
    logFile: options.logFile,
    port,
    nodeFlags: options.nodeFlags,
  });
}

/** An MCP server that sees the whole catalogue, made through the admin API as an operator would. */
export async function createMcpServer(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/integrated-account/default/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', config: { methods: [], tags: [], require_api_token_auth: false }, expires_at: null }),
  });
  if (response.status !== 201) throw new Error(`creating the MCP server answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}
