import { html } from 'hono/html';
import type { Markup } from './layout.ts';

/**
 * What the Save page hands an operator with a new MCP server URL: the URL
 * with a Copy button, and ready-to-paste entries for the clients the
 * article names. Every value goes into the page as text.
 */

/** A client-side name for the server: lower-case words joined by dashes. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'roserocket';
}

export function copyable(id: string, label: string, text: string, multiline = false): Markup {
  return html`<div class="copyable">
    <label for="${id}">${label}</label>
    <div class="secret">
      ${multiline
        ? html`<textarea id="${id}" readonly rows="${Math.min(14, text.split('\n').length + 1)}" spellcheck="false">${text}</textarea>`
        : html`<input id="${id}" type="text" readonly value="${text}" spellcheck="false" />`}
      <button type="button" class="secondary" data-copy="${id}" hidden>Copy</button>
      <span id="${id}-status" role="status" class="muted"></span>
    </div>
  </div>`;
}

export function clientSnippets(name: string, url: string, requiresApiToken: boolean): Markup {
  const key = slug(name);
  const header = 'Authorization: Bearer ${ROSEROCKET_API_TOKEN}';
  const desktop = {
    mcpServers: {
      [key]: requiresApiToken
        ? { command: 'npx', args: ['-y', 'mcp-remote', url, '--header', header], env: { ROSEROCKET_API_TOKEN: '<API token of this account>' } }
        : { command: 'npx', args: ['-y', 'mcp-remote', url] },
    },
  };
  const code = `claude mcp add --transport http ${key} ${url}${requiresApiToken ? ' --header "Authorization: Bearer <API token of this account>"' : ''}`;
  return html`<section aria-labelledby="snippets"><h2 id="snippets">Use it in a client</h2>
    ${copyable('snippet-desktop', 'Claude Desktop (claude_desktop_config.json, through mcp-remote)', JSON.stringify(desktop, null, 2), true)}
    ${copyable('snippet-code', 'Claude Code', code)}
    <h3>claude.ai custom connector</h3>
    <ol class="steps">
      <li>In claude.ai open <strong>Settings → Connectors</strong> and choose <strong>Add custom connector</strong>.</li>
      <li>Name it (for example “${name}”) and paste the MCP Server URL above as the remote MCP server URL.</li>
      <li>Choose <strong>Add</strong>, then enable the connector in a chat from the tools menu.</li>
    </ol>
    ${requiresApiToken
      ? html`<p class="notice info">This URL requires API token auth: clients must also send <code>Authorization: Bearer &lt;API token&gt;</code> of this account. A claude.ai connector cannot send that header; use a URL without it there.</p>`
      : ''}
  </section>`;
}
