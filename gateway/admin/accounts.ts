import { Hono } from 'hono';
import { z } from 'zod';
import { HttpError, readJsonBody } from '../http-error.ts';
import { DEFAULT_ACCOUNT_ID, type Records } from '../records/index.ts';
import type { UpstreamHostPolicy } from '../upstream/host-policy.ts';
import type { AdminEnv } from './auth.ts';
import { requireAccount } from './ids.ts';
import { httpUrlField, nameField, parseBody, textField } from './validation.ts';

const createAccountBody = (hostPolicy: UpstreamHostPolicy) =>
  z.strictObject({
    name: nameField,
    api_url: upstreamUrlField(hostPolicy),
    auth_url: upstreamUrlField(hostPolicy),
    org_id: textField(),
    user_id: textField(),
    client_id: textField(),
    client_secret: textField(4096),
  });

/** An account's URL: a well-formed http(s) URL that the host policy lets the gateway call. */
const upstreamUrlField = (hostPolicy: UpstreamHostPolicy) =>
  httpUrlField.superRefine((value, ctx) => {
    if (ctx.issues.length > 0) return;
    const refusal = hostPolicy.refusal(value);
    if (refusal) ctx.addIssue({ code: 'custom', message: refusal, input: value });
  });

/** `/integrated-account`: Rose Rocket connections. `client_secret` goes in and never comes out. */
export function accountRoutes(records: Records, hostPolicy: UpstreamHostPolicy): Hono<AdminEnv> {
  const body = createAccountBody(hostPolicy);
  return new Hono<AdminEnv>()
    .get('/integrated-account', async (c) => c.json({ result: await records.accounts.list() }))
    .post('/integrated-account', async (c) => {
      const input = parseBody(body, await readJsonBody(c));
      return c.json(await records.accounts.create(input), 201);
    })
    .get('/integrated-account/:id', async (c) => c.json(await requireAccount(records, c)))
    .delete('/integrated-account/:id', async (c) => {
      const account = await requireAccount(records, c);
      if (account.id === DEFAULT_ACCOUNT_ID) {
        throw new HttpError(409, 'integrated account "default" comes from the gateway\'s configuration (ROSEROCKET_* or the embedded mock) and is recreated at every start; it cannot be deleted');
      }
      await records.deleteAccount(account.id);
      return c.body(null, 204);
    });
}
