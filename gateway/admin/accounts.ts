import { Hono } from 'hono';
import { z } from 'zod';
import { HttpError, readJsonBody } from '../http-error.ts';
import { DEFAULT_ACCOUNT_ID, type Records } from '../records/index.ts';
import type { AdminEnv } from './auth.ts';
import { requireAccount } from './ids.ts';
import { httpUrlField, nameField, parseBody, textField } from './validation.ts';

const createAccountBody = z.strictObject({
  name: nameField,
  api_url: httpUrlField,
  auth_url: httpUrlField,
  org_id: textField(),
  user_id: textField(),
  client_id: textField(),
  client_secret: textField(4096),
});

/** `/integrated-account`: Rose Rocket connections. `client_secret` goes in and never comes out. */
export function accountRoutes(records: Records): Hono<AdminEnv> {
  return new Hono<AdminEnv>()
    .get('/integrated-account', async (c) => c.json({ result: await records.accounts.list() }))
    .post('/integrated-account', async (c) => {
      const input = parseBody(createAccountBody, await readJsonBody(c));
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
