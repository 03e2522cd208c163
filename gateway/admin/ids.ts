import type { Context } from 'hono';
import { HttpError } from '../http-error.ts';
import { RECORD_ID } from '../records/keys.ts';
import type { IntegratedAccount, Records } from '../records/index.ts';

/** A path id; one that could not name a record is a 404 without touching the store. */
export function pathId(c: Context, param: string, what: string): string {
  const id = c.req.param(param) ?? '';
  if (!RECORD_ID.test(id)) throw new HttpError(404, `no ${what} with id ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}

export async function requireAccount(records: Records, c: Context): Promise<IntegratedAccount> {
  const id = pathId(c, 'id', 'integrated account');
  const account = await records.accounts.get(id);
  if (!account) throw new HttpError(404, `no integrated account with id ${JSON.stringify(id)}`);
  return account;
}
