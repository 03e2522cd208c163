import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type GatewayConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { DenoKv } from '../store/deno-kv.ts';
import { openStore, type Store } from '../store/index.ts';

/**
 * Which store fits where the gateway runs:
 *
 * - `STORE` names one outright;
 * - else `REDIS_URL` means Redis (several instances share it);
 * - else on Deno Deploy, whose filesystem is read-only, Deno KV (the
 *   deployment's own database, shared by its isolates), or memory when the
 *   deployment has none;
 * - else files under `DATA_DIR`, on Node and `deno run` alike.
 *
 * The encryption key follows the store: bootstrap keeps a generated one beside
 * the files, Deno KV keeps it in the database, and memory uses one for the
 * life of the process, since nothing it seals outlives that anyway.
 */
export const STORE_KINDS = ['fs', 'memory', 'redis', 'deno-kv'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface PlatformOptions {
  /** The `STORE` variable, if set. */
  requested: string | undefined;
  /** Set when `DENO_DEPLOYMENT_ID` is (Deno Deploy sets it on every deployment). */
  onDenoDeploy: boolean;
  /** `Deno.openKv`, where the runtime has it. */
  openKv: ((path?: string) => Promise<unknown>) | null;
}

export interface PlatformStore {
  kind: StoreKind;
  store: Store;
  /** The configuration to start with: `encryptionKey` filled in where the store decides it. */
  config: GatewayConfig;
}

const KV_ENCRYPTION_KEY = 'gateway:encryption-key';

function chooseKind(config: GatewayConfig, { requested, onDenoDeploy, openKv }: PlatformOptions): StoreKind {
  if (requested) {
    if (!(STORE_KINDS as readonly string[]).includes(requested)) {
      throw new ConfigError(`Invalid configuration: STORE: must be one of ${STORE_KINDS.join(', ')} (got "${requested}")`);
    }
    return requested as StoreKind;
  }
  if (config.redisUrl) return 'redis';
  if (onDenoDeploy) return openKv ? 'deno-kv' : 'memory';
  return 'fs';
}

const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

async function keyKeptIn(store: Store, logger: Logger): Promise<string> {
  // Several isolates may start at once: the first write wins and everyone reads the winner.
  if (await store.setIfAbsent(KV_ENCRYPTION_KEY, randomKey())) {
    logger.log('warn', 'encryption_key_generated', { store: 'deno-kv', hint: 'set ENCRYPTION_KEY to keep secrets sealed under a key kept apart from the data' });
  }
  const key = await store.get(KV_ENCRYPTION_KEY);
  if (typeof key !== 'string') throw new Error(`the store's ${KV_ENCRYPTION_KEY} entry is not a key`);
  return key;
}

export async function openPlatformStore(config: GatewayConfig, options: PlatformOptions, logger: Logger): Promise<PlatformStore> {
  const kind = chooseKind(config, options);
  switch (kind) {
    case 'fs':
      return { kind, store: await openStore({ kind: 'fs', dir: config.dataDir }), config };
    case 'redis':
      if (!config.redisUrl) throw new ConfigError('Invalid configuration: STORE=redis needs REDIS_URL');
      return { kind, store: await openStore({ kind: 'redis', url: config.redisUrl }), config };
    case 'memory':
      if (!options.requested) logger.log('warn', 'store_memory', { reason: 'no Deno KV on this deployment', hint: 'records last only as long as this isolate' });
      return { kind, store: await openStore({ kind: 'memory' }), config: { ...config, encryptionKey: config.encryptionKey ?? randomKey() } };
    case 'deno-kv': {
      const openKv = options.openKv;
      if (!openKv) throw new ConfigError('Invalid configuration: STORE=deno-kv needs Deno KV: run with `deno run --unstable-kv`, or on Deno Deploy');
      // On Deploy the deployment's database; elsewhere a file in the data folder, like the fs store.
      let path: string | undefined;
      if (!options.onDenoDeploy) {
        await mkdir(config.dataDir, { recursive: true });
        path = join(config.dataDir, 'roserocket-mcp.kv');
      }
      const { createDenoKvStore } = await import('../store/deno-kv.ts');
      const store = createDenoKvStore({ openKv: () => openKv(path) as Promise<DenoKv> });
      return { kind, store, config: { ...config, encryptionKey: config.encryptionKey ?? (await keyKeptIn(store, logger)) } };
    }
  }
}
