import { Hono } from 'hono';
import { html } from 'hono/html';
import { CALL_OUTCOMES, type CallEntry, type CallLog } from '../call-log/call-log.ts';
import type { McpServer } from '../records/index.ts';
import { accountTabs, loadAccount } from './accounts.ts';
import { seg, type AdminCall } from './admin-door.ts';
import { activityCharts, OUTCOME_LABELS } from './chart.ts';
import { notice, page, when } from './layout.ts';
import type { UiEnv } from './session.ts';

/**
 * The **Activity** tab: the call log, newest first, filterable by URL, tool
 * and outcome, read through the admin API (`GET …/calls`) a page at a time;
 * above it, the last 24 hours drawn as two small charts.
 */

const PAGE = 50;
const DAY_MS = 24 * 3_600_000;

export function activityPages({ admin, callLog, now }: { admin: AdminCall; callLog: CallLog; now: () => number }): Hono<UiEnv> {
  return new Hono<UiEnv>().get('/ui/accounts/:id/activity', async (c) => {
    const signedIn = c.get('signedIn');
    const account = await loadAccount(admin, signedIn, c.req.param('id'));
    const filters = { server: c.req.query('server') ?? '', tool: c.req.query('tool') ?? '', outcome: c.req.query('outcome') ?? '', cursor: c.req.query('cursor') ?? '' };
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (filters.server) query.set('mcp_server_id', filters.server);
    if (filters.tool) query.set('tool', filters.tool);
    if (filters.outcome) query.set('outcome', filters.outcome);
    if (filters.cursor) query.set('cursor', filters.cursor);
    const [calls, servers] = await Promise.all([
      admin(signedIn.operator, 'GET', `/integrated-account/${seg(account.id)}/calls?${query}`),
      admin(signedIn.operator, 'GET', `/integrated-account/${seg(account.id)}/mcp`),
    ]);
    const entries: CallEntry[] = calls.ok ? calls.body.result : [];
    const names = new Map<string, string>((servers.ok ? (servers.body.result as McpServer[]) : []).map((s) => [s.id, s.name]));
    // The charts and the filter choices cover the last day of the (filtered by URL) log.
    const day = await callLog.list({ accountId: account.id, serverId: filters.server || undefined, since: now() - DAY_MS, offset: 0, limit: Number.MAX_SAFE_INTEGER });
    const tools = [...new Set(day.entries.map((e) => e.tool).concat(filters.tool ? [filters.tool] : []))].sort();
    for (const e of day.entries) if (!names.has(e.server_id)) names.set(e.server_id, `${e.server_id} (revoked)`);
    const option = (value: string, label: string, selected: string) => html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
    const next = calls.ok && calls.body.next_cursor ? new URLSearchParams({ ...filters, cursor: calls.body.next_cursor }) : null;

    const rows = entries.map(
      (e) => html`<tr><td>${when(e.at)}</td><td>${names.get(e.server_id) ?? e.server_id}</td><td><code>${e.tool}</code></td>
        <td><span class="badge ${e.outcome}">${OUTCOME_LABELS[e.outcome] ?? e.outcome}</span></td><td>${e.latency_ms} ms</td>
        <td>${e.upstream_status ?? '–'}</td><td class="hide-narrow">${e.ratelimit ? `${e.ratelimit.remaining ?? '?'}/${e.ratelimit.limit ?? '?'}` : '–'}</td>
        <td>${e.error ?? ''}</td></tr>`,
    );
    return c.html(
      page(
        { title: account.name, signedIn, trail: [['Integrated accounts', '/ui']] },
        html`${accountTabs(account, 'activity')}
        ${activityCharts(day.entries, now())}
        <form method="get" action="/ui/accounts/${seg(account.id)}/activity" class="filters card" aria-label="Filter the calls">
          <div><label for="f-server">MCP server</label><select id="f-server" name="server">${option('', 'all', filters.server)}${[...names].map(([id, name]) => option(id, name, filters.server))}</select></div>
          <div><label for="f-tool">Tool</label><select id="f-tool" name="tool">${option('', 'all', filters.tool)}${tools.map((t) => option(t, t, filters.tool))}</select></div>
          <div><label for="f-outcome">Outcome</label><select id="f-outcome" name="outcome">${option('', 'all', filters.outcome)}${CALL_OUTCOMES.map((o) => option(o, OUTCOME_LABELS[o], filters.outcome))}</select></div>
          <div><button type="submit">Filter</button></div>
        </form>
        ${calls.ok ? '' : notice('error', calls.message)}
        <h2>Calls</h2>
        ${entries.length === 0
          ? html`<p class="muted">No tool calls ${filters.server || filters.tool || filters.outcome ? 'match these filters' : 'yet'}.</p>`
          : html`<div class="table-wrap"><table><thead><tr><th scope="col">Time</th><th scope="col">MCP server</th><th scope="col">Tool</th><th scope="col">Outcome</th>
              <th scope="col">Latency</th><th scope="col">Upstream status</th><th scope="col" class="hide-narrow">Rate limit left</th><th scope="col">Error</th></tr></thead>
              <tbody>${rows}</tbody></table></div>`}
        ${next ? html`<p><a href="/ui/accounts/${seg(account.id)}/activity?${next.toString()}">Older calls</a></p>` : ''}`,
      ),
    );
  });
}
