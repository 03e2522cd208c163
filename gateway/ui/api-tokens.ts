import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { ApiToken } from '../records/index.ts';
import { accountTabs, loadAccount } from './accounts.ts';
import { seg, type AdminCall } from './admin-door.ts';
import { csrfField, notice, page, when, type Markup } from './layout.ts';
import type { UiEnv } from './session.ts';
import { copyable } from './snippets.ts';

/**
 * The account's **API tokens** tab: the second credential of MCP servers
 * that require API token auth. Through `/api-token` like a script; the value
 * is shown once, then only its last four characters.
 */
export function apiTokenPages({ admin }: { admin: AdminCall }): Hono<UiEnv> {
  async function tokensPage(c: Context<UiEnv>, message: Markup | null, status: 200 | 201 | 400 = 200) {
    const signedIn = c.get('signedIn');
    const account = await loadAccount(admin, signedIn, c.req.param('id')!);
    const answer = await admin(signedIn.operator, 'GET', '/api-token');
    const tokens = (answer.ok ? (answer.body.result as ApiToken[]) : []).filter((t) => t.integrated_account_id === account.id);
    const base = `/ui/accounts/${seg(account.id)}/api-tokens`;
    return c.html(
      page(
        { title: account.name, signedIn, trail: [['Integrated accounts', '/ui']] },
        html`${accountTabs(account, 'tokens')}${message ?? ''}
        <p>API tokens of this account are the second credential an MCP server asks for when it requires API token auth. They do not open the admin API or this dashboard.</p>
        ${tokens.length === 0
          ? html`<p class="muted">No API tokens for this account.</p>`
          : html`<div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">Last four</th><th scope="col">Created</th><th scope="col"><span class="muted">Action</span></th></tr></thead><tbody>
              ${tokens.map((t) => html`<tr><td>${t.name}</td><td><code>…${t.last4}</code></td><td>${when(t.created_at)}</td><td><a href="${base}/${seg(t.id)}/revoke">Revoke…</a></td></tr>`)}
            </tbody></table></div>`}
        <form method="post" action="${base}" class="card">${csrfField(signedIn)}
          <h2>Create an API token</h2>
          <label for="token-name">Name</label><input id="token-name" name="name" type="text" required maxlength="200" />
          <div class="actions"><button type="submit">Create API token</button></div>
        </form>`,
      ),
      status,
    );
  }

  return new Hono<UiEnv>()
    .get('/ui/accounts/:id/api-tokens', (c) => tokensPage(c, null))
    .post('/ui/accounts/:id/api-tokens', async (c) => {
      const signedIn = c.get('signedIn');
      const form = await c.req.parseBody();
      const body = { name: typeof form.name === 'string' ? form.name : '', integrated_account_id: c.req.param('id') };
      const answer = await admin(signedIn.operator, 'POST', '/api-token', body);
      if (!answer.ok) return tokensPage(c, notice('error', answer.message), 400);
      return tokensPage(
        c,
        html`${notice('ok', html`API token “${answer.body.name}” created. <strong>Copy it now: it is shown only once.</strong>`)}
          <section class="card">${copyable('api-token', 'API token', answer.body.token)}</section>`,
        201,
      );
    })
    .get('/ui/accounts/:id/api-tokens/:tokenId/revoke', async (c) => {
      const signedIn = c.get('signedIn');
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      const answer = await admin(signedIn.operator, 'GET', `/api-token/${seg(c.req.param('tokenId'))}`);
      if (!answer.ok || answer.body.integrated_account_id !== account.id) return tokensPage(c, notice('error', answer.ok ? 'that API token belongs to another account' : answer.message), 400);
      const base = `/ui/accounts/${seg(account.id)}/api-tokens`;
      return c.html(
        page(
          { title: `Revoke ${answer.body.name}?`, signedIn, trail: [['Integrated accounts', '/ui'], [account.name, base]] },
          html`<form method="post" action="${base}/${seg(answer.body.id)}/revoke" class="card">${csrfField(signedIn)}
            <p>Revoke the API token “${answer.body.name}” (…${answer.body.last4})? MCP servers that require API token auth refuse it from now on.</p>
            <div class="actions"><button type="submit" class="danger">Revoke</button><a href="${base}">Cancel</a></div></form>`,
        ),
      );
    })
    .post('/ui/accounts/:id/api-tokens/:tokenId/revoke', async (c) => {
      const signedIn = c.get('signedIn');
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      const found = await admin(signedIn.operator, 'GET', `/api-token/${seg(c.req.param('tokenId'))}`);
      if (!found.ok || found.body.integrated_account_id !== account.id) return tokensPage(c, notice('error', found.ok ? 'that API token belongs to another account' : found.message), 400);
      const answer = await admin(signedIn.operator, 'DELETE', `/api-token/${seg(found.body.id)}`);
      return tokensPage(c, answer.ok ? notice('ok', html`Revoked “${found.body.name}”.`) : notice('error', answer.message), answer.ok ? 200 : 400);
    });
}
