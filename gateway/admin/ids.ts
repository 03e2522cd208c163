import type { Context } from 'hono';
import { HttpError, tokenShaped } from '../http-error.ts';
import { RECORD_ID } from '../records/keys.ts';
import type { IntegratedAccount, Records } from '../records/index.ts';

/**
 * An id as an answer quotes it. One with a token's shape is not repeated: a
 * client that pasted a URL's token where an id goes must not get it echoed
 * (nor have it kept by whatever logs answers on the way).
 */
export function quotedId(id: string): string {
  return tokenShaped(id) ? '<redacted: it has the shape of a token>' : JSON.stringify(id.slice(0, 80));
}

/**
 * A path id; one that could not name a record is a 404 without touching the
 * store. Record ids are 22 characters (or a name such as `default`): one with
 * a token's shape is a token pasted in the wrong place, and names nothing.
 */
export function pathId(c: Context, param: string, what: string): string {
  const id = c.req.param(param) ?? '';
  if (!RECORD_ID.test(id) || tokenShaped(id)) throw new HttpError(404, `no ${what} with id ${quotedId(id)}`);
  return id;
}

export async function requireAccount(records: Records, c: Context): Promise<IntegratedAccount> {
  const id = pathId(c, 'id', 'integrated account');
  const account = await records.accounts.get(id);
  if (!account) throw new HttpError(404, `no integrated account with id ${quotedId(id)}`);
  return account;
}
