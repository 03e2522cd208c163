import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ApiToken } from '../records/index.ts';
import { csrfField, type Markup, type SignedIn, type UiSessions } from '../ui/index.ts';

/**
 * Who may approve an OAuth client: an operator signed in to the dashboard.
 *
 * The dashboard's session cookie is SameSite=Strict, so the browser leaves it
 * off the consent page's GET when the person arrives from the client's site
 * (a cross-site navigation), and sends it on the form's own POST. So:
 * a page reached with the session carries its CSRF token as any dashboard
 * form does; a page reached without one asks for the operator token, which
 * signs the person in to the dashboard on submission, or may be left empty
 * when a session exists after all. A session used without its CSRF token
 * must come with the browser's proof of origin (`Origin` or
 * `Sec-Fetch-Site: same-origin`), which a cross-site forgery cannot give.
 */

export interface OperatorGate {
  signedIn(c: Context): Promise<SignedIn | null>;
  fields(signedIn: SignedIn | null): Markup;
  /** The operator, or what to tell the person. */
  verify(c: Context, form: Record<string, unknown>): Promise<ApiToken | string>;
}

const TOKEN_FIELD = html`<label for="operator_token">Operator API token</label>
<input id="operator_token" name="operator_token" type="password" autocomplete="off" spellcheck="false" aria-describedby="operator-hint" />
<p class="hint" id="operator-hint">Signs you in to the dashboard. Already signed in there in this browser? Leave it empty.</p>`;

export function dashboardGate(sessions: UiSessions, publicUrl: string): OperatorGate {
  const origin = new URL(publicUrl).origin;
  const fromHere = (c: Context) => {
    const sent = c.req.header('origin');
    if (sent !== undefined) return sent === origin || sent === new URL(c.req.url).origin;
    return c.req.header('sec-fetch-site') === 'same-origin';
  };

  return {
    signedIn: (c) => sessions.current(c),
    fields: (signedIn) => (signedIn ? csrfField(signedIn) : TOKEN_FIELD),
    async verify(c, form) {
      const token = typeof form.operator_token === 'string' ? form.operator_token.trim() : '';
      if (token) return (await sessions.signIn(c, token))?.operator ?? 'That token is not a valid operator API token (unknown, revoked, or an integrated account’s token).';
      const signedIn = await sessions.current(c);
      if (!signedIn) return 'Enter an operator API token to approve or deny.';
      if (typeof form.csrf === 'string' ? form.csrf === signedIn.csrf : fromHere(c)) return signedIn.operator;
      return 'This form did not come from this gateway’s page; reload it and try again.';
    },
  };
}
