import { createHash } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { MockData } from './data/index.ts';
import type { MockEnv } from './env.ts';
import { sendError } from './errors.ts';
import { SEED_ORGS, type SeedOrg } from './orgs.ts';

/**
 * Rose Rocket's interactive sign-in, as the mock plays it: the authorization
 * code flow with PKCE (S256) at `/authorize`, for the users seeded in each
 * org, on a small login page.
 *
 * [choice] Every seeded user signs in with the password `MOCK_USER_PASSWORD`.
 * [choice] Users whose role is `driver` or `viewer` may read but not write:
 * the platform model answers their writes 403 `Forbidden resource`, the
 * message the mock gives for other refusals by role.
 */

export const MOCK_USER_PASSWORD = 'rose-rocket-demo';
const READ_ONLY_ROLES = new Set(['driver', 'viewer']);
const CODE_LIFETIME_MS = 60_000;

export interface PendingCode {
  org: SeedOrg;
  userId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

/** Codes issued by the login page; each is taken once. */
export class AuthCodes {
  readonly #codes = new Map<string, PendingCode>();
  constructor(private readonly now: () => number) {}

  issue(pending: Omit<PendingCode, 'expiresAt'>): string {
    const code = crypto.randomUUID();
    this.#codes.set(code, { ...pending, expiresAt: this.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** The code's grant if it is live and the verifier proves its challenge; the code is gone either way. */
  take(code: string, clientId: string, redirectUri: string, verifier: string): PendingCode | 'invalid' {
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    if (!pending || pending.expiresAt <= this.now() || pending.org.clientId !== clientId || pending.redirectUri !== redirectUri) return 'invalid';
    const proof = createHash('sha256').update(verifier).digest('base64url');
    return proof === pending.challenge ? pending : 'invalid';
  }
}

const page = (title: string, body: unknown) => html`<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>${title} · Mock Rose Rocket</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const userByEmail = (data: MockData, org: SeedOrg, email: string) =>
  data.org(org.orgId).recordsOf('user').find((u) => typeof u.fields.email === 'string' && u.fields.email.toLowerCase() === email.trim().toLowerCase());

type Params = Record<string, string | undefined>;

/** What is wrong with an authorization request, or its org. */
function checkRequest(q: Params): SeedOrg | string {
  const org = SEED_ORGS.find((o) => o.clientId === q.client_id);
  if (!org) return 'Unknown client_id.';
  if (q.response_type !== 'code') return 'response_type must be code.';
  if (!q.redirect_uri) return 'redirect_uri is required.';
  if (q.audience !== 'https://roserocket.com') return `Service not found: ${q.audience ?? '(no audience)'}`;
  if (q.org_id !== org.orgId) return `org_id ${q.org_id ?? '(none)'} is not an organization of this client.`;
  if (q.code_challenge_method !== 'S256' || !q.code_challenge) return 'PKCE is required: code_challenge with code_challenge_method S256.';
  return org;
}

const FIELDS = ['response_type', 'client_id', 'redirect_uri', 'audience', 'org_id', 'code_challenge', 'code_challenge_method', 'state', 'scope'];

export function authorizeRoutes(data: MockData, codes: AuthCodes): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const loginPage = (q: Params, problem: string | null) =>
    page(
      'Sign in to Rose Rocket',
      html`${problem ? html`<p role="alert" id="problem">${problem}</p>` : ''}
      <form method="post" action="/authorize">
        ${FIELDS.filter((f) => q[f] !== undefined).map((f) => html`<input type="hidden" name="${f}" value="${q[f]}" />`)}
        <label for="email">Email</label> <input id="email" name="email" type="email" required />
        <label for="password">Password</label> <input id="password" name="password" type="password" required />
        <button type="submit">Sign in</button>
      </form>`,
    );

  app.get('/authorize', (c) => {
    const q = c.req.query();
    const org = checkRequest(q);
    if (typeof org === 'string') return c.html(page('Cannot sign in', html`<p role="alert">${org}</p>`), 400);
    return c.html(loginPage(q, null));
  });

  app.post('/authorize', async (c) => {
    const form = await c.req.parseBody();
    const q: Params = Object.fromEntries(FIELDS.map((f) => [f, typeof form[f] === 'string' ? (form[f] as string) : undefined]));
    const org = checkRequest(q);
    if (typeof org === 'string') return c.html(page('Cannot sign in', html`<p role="alert">${org}</p>`), 400);
    const user = userByEmail(data, org, String(form.email ?? ''));
    if (!user || form.password !== MOCK_USER_PASSWORD) return c.html(loginPage(q, 'Wrong email or password.'), 401);
    const code = codes.issue({ org, userId: user.id, redirectUri: q.redirect_uri!, challenge: q.code_challenge! });
    const back = new URL(q.redirect_uri!);
    back.searchParams.set('code', code);
    if (q.state) back.searchParams.set('state', q.state);
    return c.redirect(back.href, 302);
  });
  return app;
}

/** The read-only roles' writes are refused by Rose Rocket itself; searches (POST) are reads. */
export function refuseReadOnlyWrites(data: MockData): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || /\/search$/.test(c.req.path)) return next();
    const user = data.org(c.get('orgId')).recordsOf('user').find((u) => u.id === c.get('userId'));
    if (user && READ_ONLY_ROLES.has(String(user.fields.role))) return sendError(c, 403, 'Forbidden resource');
    return next();
  };
}
