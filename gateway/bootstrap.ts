import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGateway } from './app.ts';
import type { GatewayConfig } from './config.ts';
import type { EmbeddedMock } from './embedded-mock.ts';
import type { Logger } from './log.ts';
import { createRecords, DEFAULT_ACCOUNT_ID, type Records } from './records/index.ts';
import { openStore, type Store } from './store/index.ts';

/**
 * From configuration to a running gateway's parts: the store, the records,
 * the default account, the first admin token and (on the embedded default)
 * the mock and a demo MCP server. Shared by every way of running it.
 */
export interface Gateway {
  app: ReturnType<typeof createGateway>['app'];
  localSession: ReturnType<typeof createGateway>['localSession'];
  /** The gateway's own rate limits (mcp/rate-limits.ts), for a transport served outside the app (stdio). */
  rateLimits: ReturnType<typeof createGateway>['rateLimits'];
  records: Records;
  embedded: EmbeddedMock | null;
  /** Shown once at start, never stored in clear: a generated first admin token. */
  generatedAdminToken: string | null;
  /** `ADMIN_API_KEY` is set to a key revoked through the admin API: it opens nothing, and the start-up says so. */
  adminApiKeyRevoked: boolean;
  /** The demo MCP server's URL and token, when this start made one. */
  demo: { url: string; token: string } | null;
  close(): Promise<void>;
}

const DEMO_SERVER_NAME = 'Embedded demo';
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Without `ENCRYPTION_KEY`, a single embedded instance keeps a generated key
 * beside its data so that `npm start` needs no setup. Redis means several
 * instances, which must share one key: there it is required.
 */
async function encryptionKey(config: GatewayConfig, logger: Logger): Promise<string> {
  if (config.encryptionKey) return config.encryptionKey;
  if (config.redisUrl) throw new Error('ENCRYPTION_KEY is required with REDIS_URL: every instance must seal secrets with the same key');
  const file = join(config.dataDir, 'encryption.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true });
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const key = btoa(String.fromCharCode(...bytes));
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.log('warn', 'encryption_key_generated', { file, hint: 'set ENCRYPTION_KEY to keep secrets sealed under a key kept apart from the data' });
  return key;
}

export interface StartOptions {
  /** Overrides the store the configuration names (tests; stdio, which keeps nothing). */
  store?: Store;
  /**
   * The demo MCP server on the embedded default. `replace` (the default): a
   * fresh one each start, its URL shown in the banner (tokens are stored
   * hashed, so last run's can't be shown again). `ensure`: one only if none
   * exists, for fetch-handler hosts whose isolates start often on one store.
   * `none`: stdio, which has no URLs.
   */
  demoServer?: 'replace' | 'ensure' | 'none';
  /** How often expired records are swept (a minute; tests shorten it). */
  sweepIntervalMs?: number;
}

export async function startGateway(config: GatewayConfig, logger: Logger, options: StartOptions = {}): Promise<Gateway> {
  const store =
    options.store ?? (await openStore(config.redisUrl ? { kind: 'redis', url: config.redisUrl } : { kind: 'fs', dir: config.dataDir }));
  const records = await createRecords({ store, encryptionKey: await encryptionKey(config, logger), encryptionKeyName: 'ENCRYPTION_KEY' });

  // Loaded only when used: the mock and its seed are a good share of start-up.
  const embedded = config.roseRocket ? null : (await import('./embedded-mock.ts')).embeddedMock(config.publicUrl);
  const account = config.roseRocket ?? embedded!.account;
  const [, generated] = await Promise.all([
    records.accounts.ensureDefault({
      name: embedded ? 'Embedded mock Rose Rocket' : 'Rose Rocket',
      api_url: account.apiUrl,
      auth_url: account.authUrl,
      org_id: account.orgId,
      user_id: account.userId,
      client_id: account.clientId,
      client_secret: account.clientSecret,
    }),
    records.apiTokens.ensureAdminToken(config.adminApiKey ?? undefined),
  ]);

  const adminApiKeyRevoked = config.adminApiKey !== null && (await records.apiTokens.isRevokedAdminKey(config.adminApiKey));
  if (adminApiKeyRevoked) {
    logger.log('warn', 'admin_api_key_revoked', {
      hint: 'ADMIN_API_KEY names a key revoked through DELETE /api-token/env-admin; it stays revoked and opens nothing. Set a new value, or use another operator token',
    });
  }

  let demo: Gateway['demo'] = null;
  const mode = options.demoServer ?? 'replace';
  if (embedded && mode !== 'none') {
    const existing = (await records.mcpServers.list(DEFAULT_ACCOUNT_ID)).filter((s) => s.name === DEMO_SERVER_NAME);
    if (mode === 'replace') for (const old of existing) await records.mcpServers.delete(DEFAULT_ACCOUNT_ID, old.id);
    if (mode === 'replace' || existing.length === 0) {
      const { token } = await records.mcpServers.create(DEFAULT_ACCOUNT_ID, {
        name: DEMO_SERVER_NAME,
        config: { methods: [], tags: [], require_api_token_auth: false },
        expires_at: null,
      });
      demo = { token, url: `${config.publicUrl}/mcp/${token}` };
    }
  }

  const { app, localSession, callLog, rateLimits, sweepOAuth } = createGateway({ config, records, logger, upstreamFetch: embedded?.fetch, embedded });
  const stopSweep = records.startExpirySweep(options.sweepIntervalMs ?? SWEEP_INTERVAL_MS, (error) => logger.log('error', 'expiry_sweep_failed', { error: String(error) }), [sweepOAuth]);
  return {
    app,
    localSession,
    rateLimits,
    records,
    embedded,
    generatedAdminToken: generated?.token ?? null,
    adminApiKeyRevoked,
    demo,
    async close() {
      stopSweep();
      // What the call log still buffers is written before the store goes.
      await callLog.close();
      await store.close();
    },
  };
}
