import { Hono } from 'hono';
import { z } from 'zod';
import type { ToolDefinition } from '../../tools/define.ts';
import { filterProblem, methodVocabulary, tagVocabulary } from '../access.ts';
import { operatorAuth, type AdminEnv } from '../admin/auth.ts';
import { requireAccount } from '../admin/ids.ts';
import { parseBody } from '../admin/validation.ts';
import { HttpError, readJsonBody } from '../http-error.ts';
import type { Logger } from '../log.ts';
import { checked, readRecord } from '../records/codec.ts';
import { RECORD_ID } from '../records/keys.ts';
import type { AccountCredentials, Records } from '../records/index.ts';

/**
 * An account's "Sign in with Rose Rocket" setting: whether OAuth connections
 * may sign in at Rose Rocket, the most such a connection may do (methods,
 * tags), and optionally the Rose Rocket OAuth client the sign-in uses.
 * Rose Rocket issues credentials per application, so an interactive app may
 * hold a client of its own apart from the account's service account; without
 * one, the account's client is used. Its secret is write-only, sealed like the
 * account's. One record, two doors: the admin API here, the dashboard through it.
 */

export interface SignInSetting {
  methods: string[];
  tags: string[];
  /** The sign-in's own Rose Rocket client, or null for the account's. */
  client_id: string | null;
}

/** What the admin API answers: never the secret, only whether one is held. */
export type SignInSettingView = { enabled: false } | ({ enabled: true; client_secret_set: boolean } & SignInSetting);

export interface SignInClient {
  clientId: string;
  clientSecret: string;
}

/** Where an account's setting is kept: this prefix, then the account id. */
export const SETTING_PREFIX = 'oauth:sign-in:';
const settingKey = (accountId: string) => `${SETTING_PREFIX}${accountId}`;
const sealContext = (accountId: string) => `sign-in-client:${accountId}`;
/** The stored document (exported for the tests that audit a store). */
export const stored = z.object({
  methods: z.array(z.string()),
  tags: z.array(z.string()),
  // Absent in settings written before the client could be set: the account's client.
  client_id: z.string().min(1).nullable().default(null),
  client_secret_sealed: z.string().min(1).nullable().default(null),
});
type Stored = z.infer<typeof stored>;

export function signInSettings({ records, tools, logger }: { records: Records; tools: readonly ToolDefinition[]; logger: Logger }) {
  const read = (accountId: string): Promise<Stored | null> => (RECORD_ID.test(accountId) ? readRecord(records.store, settingKey(accountId), stored) : Promise.resolve(null));

  async function get(accountId: string): Promise<SignInSetting | null> {
    const value = await read(accountId);
    return value && { methods: value.methods, tags: value.tags, client_id: value.client_id };
  }

  /** The Rose Rocket client a sign-in on this account uses: its own if set, else the account's. */
  async function client(account: AccountCredentials): Promise<SignInClient> {
    const value = await read(account.id);
    if (!value?.client_id || !value.client_secret_sealed) return { clientId: account.client_id, clientSecret: account.client_secret };
    return { clientId: value.client_id, clientSecret: await records.secrets.open(value.client_secret_sealed, sealContext(account.id)) };
  }

  const view = (value: Stored | null): SignInSettingView =>
    value ? { enabled: true, methods: value.methods, tags: value.tags, client_id: value.client_id, client_secret_set: value.client_secret_sealed !== null } : { enabled: false };

  const body = z.strictObject({
    methods: z.array(z.enum(methodVocabulary(tools) as [string, ...string[]])).max(50).default([]),
    tags: z.array(z.enum(tagVocabulary as [string, ...string[]])).max(50).default([]),
    client_id: z.string().trim().min(1).max(200).nullable().default(null),
    client_secret: z.string().min(1).max(1000).optional(),
  });


  const admin = new Hono<AdminEnv>();
  admin.use('/integrated-account/:id/oauth-sign-in', operatorAuth(records));
  admin.get('/integrated-account/:id/oauth-sign-in', async (c) => {
    const { id } = await requireAccount(records, c);
    return c.json(view(await read(id)));
  });
  admin.put('/integrated-account/:id/oauth-sign-in', async (c) => {
    const { id } = await requireAccount(records, c);
    const input = parseBody(body, await readJsonBody(c));
    const methods = [...new Set(input.methods)];
    const tags = [...new Set(input.tags)];
    const problem = filterProblem(tools, { methods, tags });
    if (problem) throw new HttpError(400, `${problem.field === 'filter' ? 'methods, tags' : problem.field}: ${problem.reason}`);
    const before = await read(id);
    let sealed: string | null = null;
    if (input.client_id === null) {
      if (input.client_secret !== undefined) throw new HttpError(400, 'client_secret: is given without client_id; set both, or neither to use the account’s own client');
    } else if (input.client_secret !== undefined) {
      sealed = await records.secrets.seal(input.client_secret, sealContext(id));
    } else if (before?.client_id === input.client_id && before.client_secret_sealed) {
      // A write-only field left empty keeps the secret held for the same client.
      sealed = before.client_secret_sealed;
    } else {
      throw new HttpError(400, 'client_secret: is required when client_id is set or changed (the secret Rose Rocket issued with that client id)');
    }
    const value: Stored = { methods, tags, client_id: input.client_id, client_secret_sealed: sealed };
    await records.store.set(settingKey(id), checked(stored, value, 'sign-in setting'));
    logger.log('info', 'oauth_sign_in_setting_changed', {
      account_id: id,
      operator: c.get('operator').id,
      enabled: true,
      methods,
      tags,
      client: input.client_id ?? 'account',
      client_secret_changed: input.client_secret !== undefined,
    });
    return c.json(view(value));
  });
  admin.delete('/integrated-account/:id/oauth-sign-in', async (c) => {
    const { id } = await requireAccount(records, c);
    await records.store.delete(settingKey(id));
    logger.log('info', 'oauth_sign_in_setting_changed', { account_id: id, operator: c.get('operator').id, enabled: false });
    return c.body(null, 204);
  });

  return { get, client, admin };
}

export type SignInSettings = ReturnType<typeof signInSettings>;
