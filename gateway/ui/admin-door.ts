import { ACTING_OPERATOR, type ActingEnv } from '../admin/auth.ts';
import type { ApiToken } from '../records/index.ts';

/**
 * The dashboard changes nothing itself: each form becomes the admin API
 * request a script would send, answered by the same routes, validation and
 * records (one set of rules, two doors). The request goes through the
 * gateway's whole app, so its error envelope and logging are the API's too.
 */
export type Dispatch = (request: Request, env: ActingEnv) => Response | Promise<Response>;

export type AdminAnswer = { ok: true; status: number; body: any } | { ok: false; status: number; message: string };

export function adminDoor(dispatch: Dispatch, publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return async function admin(operator: ApiToken, method: string, path: string, body?: unknown): Promise<AdminAnswer> {
    const init: RequestInit = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (body !== undefined) init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    const response = await dispatch(new Request(`${base}${path}`, init), { [ACTING_OPERATOR]: operator });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (response.ok) return { ok: true, status: response.status, body: parsed };
    const message = (parsed as { message?: unknown } | null)?.message;
    return { ok: false, status: response.status, message: typeof message === 'string' ? message : `HTTP ${response.status}` };
  };
}

export type AdminCall = ReturnType<typeof adminDoor>;

/** A path segment from a record id: encoded, never concatenated raw. */
export const seg = (value: string) => encodeURIComponent(value);
