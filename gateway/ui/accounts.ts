import { Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { pathId } from '../admin/ids.ts';
import { HttpError } from '../http-error.ts';
import type { IntegratedAccount, Records } from '../records/index.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';
import { seg, type AdminCall } from './admin-door.ts';
import { csrfField, notice, page, when, type Markup } from './layout.ts';
import type { SignedIn, UiEnv } from './session.ts';

/** What the gateway sees of an account's Rose Rocket connection (see app.ts). */
export interface ConnectionReport {
  token: { ok: boolean; message: string };
  me: { ok: boolean; status: number | null; message: string };
  /** The figures upstream last reported for this account, if it ever did. */
  rateLimit: RateLimit | null;
}
export type TestConnection = (accountId: string) => Promise<ConnectionReport>;

const DEFAULT_API_URL = 'https://network.roserocket.com/api/v2/platformModel';
const DEFAULT_AUTH_URL = 'https://a.roserocket.com';
const ACCOUNT_FIELDS = ['name', 'client_id', 'client_secret', 'org_id', 'user_id', 'api_url', 'auth_url'] as const;

type Form = Partial<Record<(typeof ACCOUNT_FIELDS)[number], string>>;

function accountForm(signedIn: SignedIn, values: Form, error: string | null): Markup {
  const field = (name: keyof Form, label: string, hint: string, type = 'text') =>
    html`<label for="acct-${name}">${label}</label>
      <input id="acct-${name}" name="${name}" type="${type}" required spellcheck="false" autocomplete="off"
        value="${type === 'password' ? '' : (values[name] ?? '')}" aria-describedby="acct-${name}-hint" />
      <p class="hint" id="acct-${name}-hint">${hint}</p>`;
  return html`<section class="card" aria-labelledby="add-account">
    <h2 id="add-account">Add an integrated account</h2>
    ${error ? notice('error', error) : ''}
    <form method="post" action="/ui/accounts">
      ${csrfField(signedIn)}
      <div class="grid">
        <div>${field('name', 'Name', 'How this connection is called on this page and in the admin API.')}
        ${field('client_id', 'Client ID', 'The Rose Rocket service account’s OAuth client id.')}
        ${field('client_secret', 'Client secret', 'Write-only: stored encrypted, never shown again.', 'password')}</div>
        <div>${field('org_id', 'Org ID', 'The Rose Rocket organisation id.')}
        ${field('user_id', 'User ID', 'The service account’s user id.')}
        ${field('api_url', 'API URL', 'Rose Rocket’s platform-model base URL.', 'url')}
        ${field('auth_url', 'Auth URL', 'Rose Rocket’s OAuth server.', 'url')}</div>
      </div>
      <div class="actions"><button type="submit">Add account</button></div>
    </form>
  </section>`;
}

function accountList(accounts: IntegratedAccount[]): Markup {
  if (accounts.length === 0) return html`<p class="muted">No integrated accounts yet.</p>`;
  return html`<div class="table-wrap"><table>
    <caption class="muted">Rose Rocket connections. Open one to manage its MCP server URLs.</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">ID</th><th scope="col" class="hide-narrow">Org ID</th><th scope="col" class="hide-narrow">API URL</th><th scope="col">Created</th></tr></thead>
    <tbody>${accounts.map(
      (a) => html`<tr><td><a href="/ui/accounts/${seg(a.id)}">${a.name}</a></td><td><code class="id">${a.id}</code></td>
        <td class="hide-narrow">${a.org_id}</td><td class="hide-narrow"><code>${a.api_url}</code></td><td>${when(a.created_at)}</td></tr>`,
    )}</tbody></table></div>`;
}

export const accountTabs = (account: IntegratedAccount, current: 'mcp' | 'tokens' | 'activity' | 'connection' | 'sign-in') => {
  const tab = (key: typeof current, href: string, label: string) =>
    html`<li><a href="/ui/accounts/${seg(account.id)}/${href}" ${current === key ? html`aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav aria-label="Account"><ul class="tabs">
    ${tab('mcp', 'mcp-servers', 'MCP Servers')}${tab('tokens', 'api-tokens', 'API tokens')}${tab('activity', 'activity', 'Activity')}${tab('connection', 'connection', 'Connection')}${tab('sign-in', 'sign-in', 'Rose Rocket sign-in')}
  </ul></nav>`;
};

/** The account named in the path, through the admin API (404 as the API says it). */
export async function loadAccount(admin: AdminCall, signedIn: SignedIn, id: string): Promise<IntegratedAccount> {
  const answer = await admin(signedIn.operator, 'GET', `/integrated-account/${seg(id)}`);
  if (!answer.ok) throw new HttpError(answer.status as ContentfulStatusCode, answer.message);
  return answer.body as IntegratedAccount;
}

function connectionReport(report: ConnectionReport): Markup {
  const line = (ok: boolean, label: string, message: string) =>
    html`<li><span class="badge ${ok ? 'ok' : 'upstream_error'}">${ok ? 'ok' : 'failed'}</span> <strong>${label}</strong>: ${message}</li>`;
  const rl = report.rateLimit;
  return html`<ul class="plain">
    ${line(report.token.ok, 'Access token', report.token.message)}
    ${line(report.me.ok, '/me', report.me.message)}
    <li><strong>Rate limit upstream last reported</strong>: ${rl ? `${rl.remaining ?? '?'} of ${rl.limit ?? '?'} left, resets in ${rl.reset ?? '?'} s` : 'none reported yet'}</li>
  </ul>`;
}

export function accountPages({ admin, records: _records, testConnection }: { admin: AdminCall; records: Records; testConnection: TestConnection }): Hono<UiEnv> {
  const home = async (signedIn: SignedIn, form: Form, error: string | null) => {
    const answer = await admin(signedIn.operator, 'GET', '/integrated-account');
    const accounts = answer.ok ? (answer.body.result as IntegratedAccount[]) : [];
    return page(
      { title: 'Integrated accounts', signedIn },
      html`<p>Each integrated account is one Rose Rocket connection. Open it, then use the <strong>MCP Servers</strong> tab to create MCP server URLs for agents.</p>
        ${accountList(accounts)}${accountForm(signedIn, form, error)}`,
    );
  };

  return new Hono<UiEnv>()
    .get('/ui', async (c) => c.html(home(c.get('signedIn'), { api_url: DEFAULT_API_URL, auth_url: DEFAULT_AUTH_URL }, null)))
    .post('/ui/accounts', async (c) => {
      const form = await c.req.parseBody();
      const values: Form = {};
      for (const name of ACCOUNT_FIELDS) if (typeof form[name] === 'string') values[name] = form[name];
      const answer = await admin(c.get('signedIn').operator, 'POST', '/integrated-account', values);
      if (!answer.ok) return c.html(home(c.get('signedIn'), values, answer.message), answer.status as 400);
      return c.redirect(`/ui/accounts/${seg(answer.body.id)}/connection`, 303);
    })
    .get('/ui/accounts/:id', (c) => c.redirect(`/ui/accounts/${seg(pathId(c, 'id', 'integrated account'))}/mcp-servers`, 303))
    .get('/ui/accounts/:id/connection', async (c) => {
      const signedIn = c.get('signedIn');
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      const dl = (label: string, value: string) => html`<dt>${label}</dt><dd><code>${value}</code></dd>`;
      return c.html(
        page(
          { title: account.name, signedIn, trail: [['Integrated accounts', '/ui']] },
          html`${accountTabs(account, 'connection')}
          <section class="card"><h2>Connection</h2><dl class="facts">
            ${dl('ID', account.id)}${dl('Org ID', account.org_id)}${dl('User ID', account.user_id)}${dl('Client ID', account.client_id)}
            ${dl('API URL', account.api_url)}${dl('Auth URL', account.auth_url)}<dt>Client secret</dt><dd class="muted">stored encrypted; write-only</dd>
          </dl>
          <form method="post" action="/ui/accounts/${seg(account.id)}/test">${csrfField(signedIn)}<button type="submit">Test connection</button></form>
          </section>`,
        ),
      );
    })
    .post('/ui/accounts/:id/test', async (c) => {
      const signedIn = c.get('signedIn');
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      const report = await testConnection(account.id);
      return c.html(
        page(
          { title: `Test connection: ${account.name}`, signedIn, trail: [['Integrated accounts', '/ui'], [account.name, `/ui/accounts/${seg(account.id)}/connection`]] },
          html`${accountTabs(account, 'connection')}<section class="card" aria-live="polite"><h2>What the gateway sees</h2>${connectionReport(report)}
          <p><a href="/ui/accounts/${seg(account.id)}/connection">Back to the connection</a></p></section>`,
        ),
      );
    });
}
