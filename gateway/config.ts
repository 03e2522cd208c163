import { z } from 'zod';
import { DEFAULT_RESULT_BUDGET_BYTES } from '../tools/paging.ts';
import { isLoopbackName } from './host-check.ts';
import { DEFAULT_CALL_LOG_SETTINGS, type CallLogSettings } from './call-log/call-log.ts';
import type { RoseRocketAccount } from './upstream/client.ts';
import { absoluteHttpUrl } from './upstream/request.ts';
import { DEFAULT_MAX_ANSWER_BYTES } from './upstream/transport.ts';
import { parseRequestRate, type RequestRate } from './mcp/rate-limits.ts';

/**
 * 300 tool calls a minute per URL: an agent at its busiest makes a few calls a
 * second in bursts, well under it, while one URL looping can no longer spend
 * an account's whole upstream quota in seconds (3,000 calls went through in
 * 1.6 s before).
 */
const DEFAULT_MCP_RATE_LIMIT = '300/60';

/**
 * Everything the gateway is told at start-up, read once from the
 * environment and the command line by the entry point and passed down. No
 * other module reads `process.env`.
 */
export interface GatewayConfig {
  host: string;
  port: number;
  /** Base URL printed in MCP server URLs; defaults to `http://<host>:<port>` (a loopback address for a wildcard host). */
  publicUrl: string;
  /** Whether the operator set `PUBLIC_URL`: until then the gateway answers only to loopback names (host-check.ts). */
  publicUrlGiven: boolean;
  /** Rose Rocket service account from `ROSEROCKET_*`; null means the embedded mock. */
  roseRocket: RoseRocketAccount | null;
  dataDir: string;
  redisUrl: string | null;
  adminApiKey: string | null;
  /** AES-GCM key for secrets at rest (base64 or hex, 32 bytes); null: generated and kept in the data folder. */
  encryptionKey: string | null;
  /** Hostnames a browser `Origin` may carry; localhost-class origins are always allowed. */
  allowedOrigins: string[];
  upstreamTimeoutMs: number;
  /** `METRICS_PUBLIC`: `/metrics` answers anyone; otherwise loopback peers, and others with the operator token. */
  metricsPublic: boolean;
  /** `MCP_RATE_LIMIT`: tool calls per window of a URL whose record sets no `config.rate_limit`; `null`: off. */
  mcpRateLimit: RequestRate | null;
  /** Hosts, `*.domains` and addresses accounts made through the admin API may use besides Rose Rocket's own (host-policy.ts). */
  upstreamAllowedHosts: string[];
  /** The most of an upstream answer's body read, as sent and once decompressed. */
  upstreamMaxBytes: number;
  /** Byte budget of one tool result's JSON before it is trimmed. */
  resultByteBudget: number;
  /** Plain tools/call and tools/list answered without the SDK's per-request server (gateway/mcp/fast/); `MCP_FAST_PATH=off` turns it off. */
  fastPath: boolean;
  /** Bounds of the tool-call log and whether it keeps argument values (off unless turned on). */
  callLog: CallLogSettings;
  stdio: boolean;
  /** Filters for `--stdio`, where there is no MCP server record to carry them. */
  stdioMethods: string[];
  stdioTags: string[];
}

const DEFAULT_API_URL = 'https://network.roserocket.com/api/v2/platformModel';
const DEFAULT_AUTH_URL = 'https://a.roserocket.com';

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  ROSEROCKET_CLIENT_ID: z.string().optional(),
  ROSEROCKET_CLIENT_SECRET: z.string().optional(),
  ROSEROCKET_ORG_ID: z.string().optional(),
  ROSEROCKET_USER_ID: z.string().optional(),
  ROSEROCKET_API_URL: z.url().default(DEFAULT_API_URL),
  ROSEROCKET_AUTH_URL: z.url().default(DEFAULT_AUTH_URL),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z.string().optional(),
  ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  ENCRYPTION_KEY: z.string().optional(),
  ALLOWED_ORIGINS: list,
  UPSTREAM_TIMEOUT_MS: positiveInt(15_000),
  UPSTREAM_MAX_BYTES: positiveInt(DEFAULT_MAX_ANSWER_BYTES),
  UPSTREAM_ALLOWED_HOSTS: list,
  MCP_RATE_LIMIT: z.string().default(DEFAULT_MCP_RATE_LIMIT),
  RESULT_BYTE_BUDGET: positiveInt(DEFAULT_RESULT_BUDGET_BYTES),
  MCP_FAST_PATH: z.enum(['on', 'off']).default('on'),
  CALL_LOG_MAX_PER_SERVER: positiveInt(DEFAULT_CALL_LOG_SETTINGS.maxPerServer),
  CALL_LOG_MAX_TOTAL: positiveInt(DEFAULT_CALL_LOG_SETTINGS.maxTotal),
  CALL_LOG_MAX_AGE_HOURS: positiveInt(DEFAULT_CALL_LOG_SETTINGS.maxAgeMs / 3_600_000),
  CALL_LOG_ARGUMENTS: z.enum(['true', 'false', '1', '0', 'on', 'off', '']).default('false'),
  METRICS_PUBLIC: z.enum(['true', 'false', '1', '0', 'on', 'off', '']).default('false'),
});

const CREDENTIAL_VARS = ['ROSEROCKET_CLIENT_ID', 'ROSEROCKET_CLIENT_SECRET', 'ROSEROCKET_ORG_ID', 'ROSEROCKET_USER_ID'] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The upstream client's own check, run at start: a URL it would refuse stops the gateway here, not every call later. */
function upstreamUrl(value: string, name: string): string {
  try {
    absoluteHttpUrl(value, name);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
  }
  return value.replace(/\/+$/, '');
}

/** Parses `--flag value` / `--flag=value` / `--switch`; unknown flags are an error, not a silent no-op. */
function parseArgs(argv: readonly string[]): Record<string, string | true> {
  const known = new Set(['stdio', 'port', 'host', 'methods', 'tags', 'data-dir']);
  const switches = new Set(['stdio']);
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`Unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!known.has(name)) throw new ConfigError(`Unknown flag --${name}; known: ${[...known].map((k) => `--${k}`).join(', ')}`);
    if (switches.has(name)) out[name] = true;
    else {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`--${name} needs a value`);
      out[name] = value;
    }
  }
  return out;
}

export function loadConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): GatewayConfig {
  const args = parseArgs(argv);
  const flagOverrides = {
    ...(typeof args.port === 'string' && { PORT: args.port }),
    ...(typeof args.host === 'string' && { HOST: args.host }),
    ...(typeof args['data-dir'] === 'string' && { DATA_DIR: args['data-dir'] }),
  };
  const parsed = envSchema.safeParse({ ...env, ...flagOverrides });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;

  const given = CREDENTIAL_VARS.filter((k) => env[k]);
  if (given.length > 0 && given.length < CREDENTIAL_VARS.length) {
    const missing = CREDENTIAL_VARS.filter((k) => !env[k]);
    throw new ConfigError(`Rose Rocket credentials are incomplete: set ${missing.join(', ')} too (or none of them, for the embedded mock)`);
  }
  const roseRocket =
    given.length === CREDENTIAL_VARS.length
      ? {
          apiUrl: upstreamUrl(e.ROSEROCKET_API_URL, 'ROSEROCKET_API_URL'),
          authUrl: upstreamUrl(e.ROSEROCKET_AUTH_URL, 'ROSEROCKET_AUTH_URL'),
          clientId: e.ROSEROCKET_CLIENT_ID!,
          clientSecret: e.ROSEROCKET_CLIENT_SECRET!,
          orgId: e.ROSEROCKET_ORG_ID!,
          userId: e.ROSEROCKET_USER_ID!,
        }
      : null;

  // Listening on every address, the gateway is reached from this machine at loopback, the only names it answers to until PUBLIC_URL says otherwise.
  const nameOf = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host);
  if (args.stdio !== true && e.PUBLIC_URL === undefined && !['0.0.0.0', '::'].includes(e.HOST) && !isLoopbackName(e.HOST)) {
    throw new ConfigError(
      `HOST=${e.HOST} is reached by no loopback name, and a gateway not told its public address answers only to loopback names: set PUBLIC_URL to the address clients use`,
    );
  }
  const mcpRateLimit = parseRequestRate(e.MCP_RATE_LIMIT);
  if (mcpRateLimit instanceof Error) throw new ConfigError(`Invalid configuration: ${mcpRateLimit.message}`);
  const splitFlag = (v: string | true | undefined) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://${nameOf(e.HOST)}:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlGiven: e.PUBLIC_URL !== undefined,
    roseRocket,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL || null,
    adminApiKey: e.ADMIN_API_KEY ?? null,
    encryptionKey: e.ENCRYPTION_KEY || null,
    allowedOrigins: e.ALLOWED_ORIGINS,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    upstreamMaxBytes: e.UPSTREAM_MAX_BYTES,
    upstreamAllowedHosts: e.UPSTREAM_ALLOWED_HOSTS,
    mcpRateLimit,
    metricsPublic: ['true', '1', 'on'].includes(e.METRICS_PUBLIC),
    resultByteBudget: e.RESULT_BYTE_BUDGET,
    fastPath: e.MCP_FAST_PATH === 'on',
    callLog: {
      ...DEFAULT_CALL_LOG_SETTINGS,
      maxPerServer: e.CALL_LOG_MAX_PER_SERVER,
      maxTotal: e.CALL_LOG_MAX_TOTAL,
      maxAgeMs: e.CALL_LOG_MAX_AGE_HOURS * 3_600_000,
      recordArguments: ['true', '1', 'on'].includes(e.CALL_LOG_ARGUMENTS),
    },
    stdio: args.stdio === true,
    stdioMethods: splitFlag(args.methods),
    stdioTags: splitFlag(args.tags),
  };
}
