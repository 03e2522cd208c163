import { Hono } from 'hono';
import { z } from 'zod';
import { HttpError, readJsonBody } from '../http-error.ts';
import type { Records } from '../records/index.ts';
import type { AdminEnv } from './auth.ts';
import { pathId, quotedId } from './ids.ts';
import { nameField, parseBody, recordIdField } from './validation.ts';

const createTokenBody = z.strictObject({
  name: nameField,
  /** `null` (the default) makes an operator token; an account id makes that account's MCP credential. */
  integrated_account_id: recordIdField('an integrated account').nullable().default(null),
});

/** `/api-token`: the value is in the create response only; lists show `last4`. */
export function apiTokenRoutes(records: Records): Hono<AdminEnv> {
  const notFound = (id: string) => new HttpError(404, `no API token with id ${quotedId(id)}`);

  return new Hono<AdminEnv>()
    .get('/api-token', async (c) => c.json({ result: await records.apiTokens.list() }))
    .post('/api-token', async (c) => {
      const input = parseBody(createTokenBody, await readJsonBody(c));
      const accountId = input.integrated_account_id;
      if (accountId !== null && !(await records.accounts.get(accountId))) {
        throw new HttpError(400, `integrated_account_id: no integrated account with id ${quotedId(accountId)}`);
      }
      const { apiToken, token } = await records.apiTokens.create({ name: input.name, integrated_account_id: accountId });
      return c.json({ ...apiToken, token }, 201);
    })
    .get('/api-token/:tokenId', async (c) => {
      const id = pathId(c, 'tokenId', 'API token');
      const apiToken = await records.apiTokens.get(id);
      if (!apiToken) throw notFound(id);
      return c.json(apiToken);
    })
    .delete('/api-token/:tokenId', async (c) => {
      const id = pathId(c, 'tokenId', 'API token');
      const apiToken = await records.apiTokens.get(id);
      if (!apiToken) throw notFound(id);
      if (apiToken.integrated_account_id === null) {
        const operators = (await records.apiTokens.list()).filter((t) => t.integrated_account_id === null);
        if (operators.length <= 1) {
          throw new HttpError(409, `API token ${id} is the last operator token; create another before revoking it, or the admin API is locked`);
        }
      }
      await records.apiTokens.delete(id);
      return c.body(null, 204);
    });
}
