import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { ToolDefinition } from '../../tools/define.ts';
import type { CallLog } from '../call-log/call-log.ts';
import type { IntegratedAccount, McpServer } from '../records/index.ts';
import { accountTabs, loadAccount } from './accounts.ts';
import { seg, type AdminCall } from './admin-door.ts';
import { csrfField, notice, page, when, type Markup } from './layout.ts';
import { createBody, formValues, serverForm, type PreviewAnswer, type ServerFormValues } from './mcp-server-form.ts';
import type { SignedIn, UiEnv } from './session.ts';
import { clientSnippets, copyable } from './snippets.ts';

/** The account's **MCP Servers** tab: list, Create MCP Server (with a live tool preview), Save, change expiry, Revoke. */

interface Deps {
  admin: AdminCall;
  tools: readonly ToolDefinition[];
  callLog: CallLog;
  now: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export function statusOf(server: McpServer, now: number): Markup {
  if (!server.expires_at) return html`<span class="badge active">active</span>`;
  const left = Date.parse(server.expires_at) - now;
  if (left <= 0) return html`<span class="badge expired">expired</span>`;
  return html`<span class="badge ${left < DAY_MS ? 'expiring' : 'active'}">expires in ${duration(left)}</span>`;
}

export function accessOf(server: McpServer): Markup {
  const list = (values: string[]) => (values.length ? values.join(', ') : 'all');
  const rate = server.config.rate_limit;
  const limit = rate === undefined ? "the gateway's default" : rate === null ? 'none' : `${rate.requests} calls per ${rate.per_seconds} s`;
  return html`methods: ${list(server.config.methods)}<br />tags: ${list(server.config.tags)}<br />rate limit: ${limit}${server.config.require_api_token_auth ? html`<br />API token auth` : ''}`;
}

async function usage(callLog: CallLog, accountId: string, now: number) {
  const { entries } = await callLog.list({ accountId, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const stats = new Map<string, { last: string; day: number }>();
  for (const entry of entries) {
    const s = stats.get(entry.server_id) ?? { last: entry.at, day: 0 };
    if (Date.parse(entry.at) >= now - DAY_MS) s.day++;
    stats.set(entry.server_id, s);
  }
  return stats;
}

export function mcpServerPages({ admin, tools, callLog, now }: Deps): Hono<UiEnv> {
  const base = (account: IntegratedAccount) => `/ui/accounts/${seg(account.id)}/mcp-servers`;
  const trail = (account: IntegratedAccount) => [['Integrated accounts', '/ui'] as const, [account.name, base(account)] as const];

  async function previewOf(signedIn: SignedIn, account: IntegratedAccount, v: Pick<ServerFormValues, 'methods' | 'tags'>): Promise<PreviewAnswer | { error: string }> {
    const answer = await admin(signedIn.operator, 'POST', `/integrated-account/${seg(account.id)}/mcp/preview`, { config: { methods: v.methods, tags: v.tags } });
    return answer.ok ? (answer.body as PreviewAnswer) : { error: answer.message };
  }

  async function listPage(c: Context<UiEnv>, message: Markup | null = null) {
    const signedIn = c.get('signedIn');
    const account = await loadAccount(admin, signedIn, c.req.param('id')!);
    const answer = await admin(signedIn.operator, 'GET', `/integrated-account/${seg(account.id)}/mcp`);
    const servers = answer.ok ? (answer.body.result as McpServer[]) : [];
    const stats = await usage(callLog, account.id, now());
    const rows = servers.map((s) => {
      const use = stats.get(s.id);
      const kind = s.oauth
        ? html`<br /><span class="badge">OAuth connection</span> <span class="muted">${s.oauth.client_name}${s.oauth.rose_rocket_user ? ', signed in at Rose Rocket' : ''}</span>`
        : '';
      return html`<tr><td><a href="${base(account)}/${seg(s.id)}">${s.name}</a>${kind}<br /><code class="muted">${s.id}</code></td><td>${accessOf(s)}</td>
        <td>${statusOf(s, now())}</td><td class="hide-narrow">${when(s.created_at)}</td><td>${when(use?.last)}</td><td>${use?.day ?? 0}</td></tr>`;
    });
    return c.html(
      page(
        { title: account.name, signedIn, trail: [['Integrated accounts', '/ui']] },
        html`${accountTabs(account, 'mcp')}${message ?? ''}
        <div class="actions"><a class="button" href="${base(account)}/new">Create MCP Server</a></div>
        <h2>MCP Servers</h2>
        ${servers.length === 0
          ? html`<p class="muted">No MCP server URLs yet. Create one to give an agent access.</p>`
          : html`<div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">Access</th><th scope="col">Status</th>
              <th scope="col" class="hide-narrow">Created</th><th scope="col">Last used</th><th scope="col">Calls (24 h)</th></tr></thead><tbody>${rows}</tbody></table></div>`}`,
      ),
    );
  }

  async function newPage(c: Context<UiEnv>, values: ServerFormValues, error: string | null, status: 200 | 400 = 200) {
    const signedIn = c.get('signedIn');
    const account = await loadAccount(admin, signedIn, c.req.param('id')!);
    const preview = await previewOf(signedIn, account, values);
    return c.html(page({ title: 'Create MCP Server', signedIn, trail: trail(account) }, serverForm(signedIn, account, tools, values, error, preview)), status);
  }

  async function serverOf(c: Context<UiEnv>) {
    const signedIn = c.get('signedIn');
    const account = await loadAccount(admin, signedIn, c.req.param('id')!);
    const answer = await admin(signedIn.operator, 'GET', `/integrated-account/${seg(account.id)}/mcp/${seg(c.req.param('mcpId')!)}`);
    return { signedIn, account, server: answer.ok ? (answer.body as McpServer) : null, problem: answer.ok ? null : answer.message };
  }

  async function detailPage(c: Context<UiEnv>, message: Markup | null, status: 200 | 400 = 200) {
    const { signedIn, account, server, problem } = await serverOf(c);
    if (!server) return listPage(c, notice('error', problem ?? 'not found'));
    const action = `${base(account)}/${seg(server.id)}`;
    return c.html(
      page(
        { title: server.name, signedIn, trail: trail(account) },
        html`${message ?? ''}<section class="card"><dl class="facts">
          <dt>ID</dt><dd><code>${server.id}</code></dd><dt>Access</dt><dd>${accessOf(server)}</dd>
          <dt>Status</dt><dd>${statusOf(server, now())}</dd><dt>Expiration date</dt><dd>${when(server.expires_at)}</dd><dt>Created</dt><dd>${when(server.created_at)}</dd>
        </dl><p><a href="/ui/accounts/${seg(account.id)}/activity?server=${seg(server.id)}">Activity of this URL</a></p></section>
        <form method="post" action="${action}/expiry" class="card">${csrfField(signedIn)}
          <h2>Change the expiration date</h2>
          <label for="expires-local">New expiration date</label>
          <input id="expires-local" name="expires_local" type="datetime-local" data-utc-field="expires_at" aria-describedby="expires-local-zone" />
          <input type="hidden" name="expires_at" value="${server.expires_at ?? ''}" />
          <p class="hint"><span id="expires-local-zone">Read as UTC.</span> Empty: the URL no longer expires.</p>
          <div class="actions"><button type="submit">Save expiration date</button></div>
        </form>
        <section class="card"><h2>Revoke</h2><p>The URL stops working at once, for every client that holds it.</p>
          <a class="button" href="${action}/revoke">Revoke…</a></section>`,
      ),
      status,
    );
  }

  return new Hono<UiEnv>()
    .get('/ui/accounts/:id/mcp-servers', (c) => listPage(c))
    .get('/ui/accounts/:id/mcp-servers/new', (c) =>
      newPage(c, { ...formValues(c.req.queries() as Record<string, string[]>), name: c.req.query('name') ?? '', expires_at: c.req.query('expires_at') ?? '' }, null),
    )
    .get('/ui/accounts/:id/mcp-servers/preview', async (c) => {
      const signedIn = c.get('signedIn');
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      return c.json(await previewOf(signedIn, account, { methods: c.req.queries('methods') ?? [], tags: c.req.queries('tags') ?? [] }));
    })
    .post('/ui/accounts/:id/mcp-servers', async (c) => {
      const signedIn = c.get('signedIn');
      const values = formValues(await c.req.parseBody({ all: true }));
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      const answer = await admin(signedIn.operator, 'POST', `/integrated-account/${seg(account.id)}/mcp`, createBody(values));
      if (!answer.ok) return newPage(c, values, answer.message, 400);
      const created = answer.body as McpServer & { url: string };
      return c.html(
        page(
          { title: `Saved: ${created.name}`, signedIn, trail: trail(account) },
          html`${notice('ok', html`The MCP server is saved. <strong>Copy the URL now: it is shown only once.</strong> It is a credential: anyone holding it reaches these tools.`)}
          <section class="card">${copyable('mcp-url', 'MCP Server URL', created.url)}
            <p class="hint">Access: ${accessOf(created)}. Expiration date: ${when(created.expires_at)}.</p></section>
          <section class="card">${clientSnippets(created.name, created.url, created.config.require_api_token_auth)}</section>
          <p><a href="${base(account)}">Back to MCP Servers</a></p>`,
        ),
        201,
      );
    })
    .get('/ui/accounts/:id/mcp-servers/:mcpId', (c) => detailPage(c, null))
    .post('/ui/accounts/:id/mcp-servers/:mcpId/expiry', async (c) => {
      const { signedIn, account, server } = await serverOf(c);
      if (!server) return detailPage(c, null);
      const values = formValues(await c.req.parseBody({ all: true }));
      const answer = await admin(signedIn.operator, 'PATCH', `/integrated-account/${seg(account.id)}/mcp/${seg(server.id)}`, { expires_at: values.expires_at || null });
      return detailPage(c, answer.ok ? notice('ok', 'Expiration date saved.') : notice('error', answer.message), answer.ok ? 200 : 400);
    })
    .get('/ui/accounts/:id/mcp-servers/:mcpId/revoke', async (c) => {
      const { signedIn, account, server, problem } = await serverOf(c);
      if (!server) return listPage(c, notice('error', problem ?? 'not found'));
      return c.html(
        page(
          { title: `Revoke ${server.name}?`, signedIn, trail: trail(account) },
          html`<form method="post" action="${base(account)}/${seg(server.id)}/revoke" class="card">${csrfField(signedIn)}
            <p>Revoke the MCP server URL “${server.name}”? Every client using it gets 401 from now on. This cannot be undone.</p>
            <div class="actions"><button type="submit" class="danger">Revoke</button><a href="${base(account)}/${seg(server.id)}">Cancel</a></div></form>`,
        ),
      );
    })
    .post('/ui/accounts/:id/mcp-servers/:mcpId/revoke', async (c) => {
      const { signedIn, account, server, problem } = await serverOf(c);
      if (!server) return listPage(c, notice('error', problem ?? 'not found'));
      const answer = await admin(signedIn.operator, 'DELETE', `/integrated-account/${seg(account.id)}/mcp/${seg(server.id)}`);
      return listPage(c, answer.ok ? notice('ok', html`Revoked “${server.name}”.`) : notice('error', answer.message));
    });
}
