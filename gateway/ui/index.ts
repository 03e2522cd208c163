import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { ToolDefinition } from '../../tools/define.ts';
import { formBody, HttpError, reasonPhrase, type UnexpectedErrorReporter } from '../http-error.ts';
import type { CallLog } from '../call-log/call-log.ts';
import type { Records } from '../records/index.ts';
import { accountPages, type TestConnection } from './accounts.ts';
import { adminDoor, type Dispatch } from './admin-door.ts';
import { assetRoutes } from './assets.ts';
import { notice, page, uiHeaders } from './layout.ts';
import { mcpServerPages } from './mcp-servers.ts';
import { activityPages } from './activity.ts';
import { apiTokenPages } from './api-tokens.ts';
import { signInSettingPages } from './sign-in-setting.ts';
import { requireCsrf, sameOrigin, uiSessions, type UiEnv } from './session.ts';

export { csrfField, page, notice, type Markup } from './layout.ts';
export { requireCsrf, sameOrigin, type SignedIn, type UiEnv, type UiSessions } from './session.ts';

export interface UiDeps {
  records: Records;
  tools: readonly ToolDefinition[];
  publicUrl: string;
  /** The gateway's own `fetch`: every change the dashboard makes is an admin API request (see admin-door.ts). */
  dispatch: Dispatch;
  testConnection: TestConnection;
  callLog: CallLog;
  report: UnexpectedErrorReporter;
}

function signInPage(c: Context, message: string | null, status: 200 | 401 = 200) {
  return c.html(
    page(
      { title: 'Sign in' },
      html`<div class="card narrow">
        ${message ? notice('error', message) : ''}
        <form method="post" action="/ui/sign-in">
          <label for="token">Operator API token</label>
          <input id="token" name="token" type="password" autocomplete="off" required spellcheck="false" aria-describedby="token-hint" />
          <p class="hint" id="token-hint">The token <code>npm start</code> printed on first start, or the value of <code>ADMIN_API_KEY</code>. It is exchanged for a session cookie and never stored in the browser.</p>
          <div class="actions"><button type="submit">Sign in</button></div>
        </form>
      </div>`,
    ),
    status,
  );
}

/**
 * `/ui`: the operator's dashboard. Pages are rendered here from the records;
 * every change goes through the admin API (admin-door.ts). A signed-out
 * visitor sees the sign-in form; every POST must come from this origin and,
 * once signed in, carry the session's CSRF token.
 */
export function createUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const sessions = uiSessions(deps.records, deps.publicUrl);
  const admin = adminDoor(deps.dispatch, deps.publicUrl);
  const app = new Hono<UiEnv>();

  app.use('/ui', uiHeaders);
  app.use('/ui/*', uiHeaders);
  app.route('/', assetRoutes());
  app.post('/ui/*', sameOrigin(deps.publicUrl), ...formBody());

  app.post('/ui/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    if (!token) return signInPage(c, 'token: enter an operator API token', 401);
    const signedIn = await sessions.signIn(c, token);
    if (!signedIn) return signInPage(c, 'That token is not a valid operator API token (unknown, revoked, or an integrated account’s token).', 401);
    return c.redirect('/ui', 303);
  });

  // Everything below needs a session; a signed-out GET gets the sign-in form, a POST a 401.
  app.use('/ui/*', async (c, next) => {
    if (c.req.path.startsWith('/ui/assets/')) return next();
    const signedIn = await sessions.current(c);
    if (!signedIn) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return signInPage(c, null);
      throw new HttpError(401, 'session: sign in again (the session expired or was signed out)');
    }
    c.set('signedIn', signedIn);
    await next();
  });
  app.use('/ui', async (c, next) => {
    const signedIn = await sessions.current(c);
    if (!signedIn) return signInPage(c, null);
    c.set('signedIn', signedIn);
    await next();
  });
  app.post('/ui/*', requireCsrf);

  app.post('/ui/sign-out', async (c) => {
    await sessions.signOut(c);
    return c.redirect('/ui', 303);
  });

  app.route('/', accountPages({ admin, records: deps.records, testConnection: deps.testConnection }));
  app.route('/', mcpServerPages({ admin, tools: deps.tools, callLog: deps.callLog, now: deps.records.now }));
  app.route('/', apiTokenPages({ admin }));
  app.route('/', signInSettingPages({ admin, tools: deps.tools, publicUrl: deps.publicUrl }));
  app.route('/', activityPages({ admin, callLog: deps.callLog, now: deps.records.now }));

  // Errors on these pages are pages, not the API's JSON envelope.
  app.onError((error, c) => {
    const status = error instanceof HttpError ? error.status : 500;
    if (!(error instanceof HttpError)) deps.report(error, { method: c.req.method, path: c.req.path });
    const message = error instanceof HttpError ? error.message : 'internal error; the gateway log has the details';
    const signedIn = c.get('signedIn') ?? null;
    return c.html(page({ title: reasonPhrase(status), signedIn }, html`${notice('error', message)}<p><a href="/ui">Back to the dashboard</a></p>`), status as 400);
  });
  return app;
}
