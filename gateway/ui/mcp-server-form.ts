import { html } from 'hono/html';
import { METHOD_GROUPS, methodVocabulary, tagVocabulary } from '../access.ts';
import type { ToolDefinition } from '../../tools/define.ts';
import type { IntegratedAccount } from '../records/index.ts';
import { seg } from './admin-door.ts';
import { csrfField, notice, type Markup } from './layout.ts';
import type { SignedIn } from './session.ts';

/** The Create MCP Server form: the admin API's create body, field by field, in the article's words. */

export interface ServerFormValues {
  name: string;
  methods: string[];
  tags: string[];
  require_api_token_auth: boolean;
  /** UTC ISO 8601, or '' for no expiry. */
  expires_at: string;
  /** `config.rate_limit`: the operator's default (left out), none (`null`), or the numbers given. */
  rate_limit: 'default' | 'off' | 'custom';
  rate_requests: string;
  rate_per_seconds: string;
}

export interface PreviewAnswer {
  tools: { name: string; title: string; read_only: boolean; tokens: number }[];
  total_tokens: number;
}

const GROUP_HINTS: Record<string, string> = {
  read: 'every tool that changes nothing',
  write: 'every tool that changes something',
  custom: 'non-CRUD methods (search, upsert, …)',
};

/** Form fields (strings or repeated strings) as the admin API's create body. */
export function formValues(form: Record<string, string | File | (string | File)[]>): ServerFormValues {
  const many = (key: string) => ([] as unknown[]).concat(form[key] ?? []).filter((v): v is string => typeof v === 'string' && v !== '');
  const one = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');
  let expires = one('expires_at');
  // Without the page's script the picker's value arrives alone, with no timezone: it is read as UTC, as the hint says.
  if (!expires && /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(one('expires_local'))) expires = `${one('expires_local')}:00Z`;
  const rate = one('rate_limit');
  return {
    name: one('name'),
    methods: many('methods'),
    tags: many('tags'),
    require_api_token_auth: one('require_api_token_auth') === 'on',
    expires_at: expires,
    rate_limit: rate === 'off' || rate === 'custom' ? rate : 'default',
    rate_requests: one('rate_requests').trim(),
    rate_per_seconds: one('rate_per_seconds').trim(),
  };
}

/** A number typed in the form, as the admin API validates it: blank is missing, anything else a number (NaN included, which it refuses). */
const typed = (value: string) => (value === '' ? undefined : Number(value));

/** The form's rate limit, as `config.rate_limit` (left out for the operator's default). */
function rateLimitBody(v: ServerFormValues) {
  if (v.rate_limit === 'off') return { rate_limit: null };
  if (v.rate_limit === 'custom') return { rate_limit: { requests: typed(v.rate_requests), per_seconds: typed(v.rate_per_seconds) } };
  return {};
}

export const createBody = (v: ServerFormValues) => ({
  name: v.name,
  config: { methods: v.methods, tags: v.tags, require_api_token_auth: v.require_api_token_auth, ...rateLimitBody(v) },
  expires_at: v.expires_at || null,
});

export function previewList(preview: PreviewAnswer | { error: string }): Markup {
  if ('error' in preview) return html`<p class="notice error">${preview.error}</p>`;
  return html`<p>${preview.tools.length} tools, about ${preview.total_tokens} tokens of tool definitions</p>
    <ul class="tools">${preview.tools.map((t) => html`<li><code>${t.name}</code><span class="muted"> ${t.read_only ? 'read' : 'write'}, ~${t.tokens} tokens</span></li>`)}</ul>`;
}

const box = (name: string, value: string, label: Markup | string, checked: boolean) =>
  html`<label><input type="checkbox" name="${name}" value="${value}" ${checked ? html`checked` : ''} /> ${label}</label>`;

const radio = (name: string, value: string, label: string, chosen: string) =>
  html`<label><input type="radio" name="${name}" value="${value}" ${chosen === value ? html`checked` : ''} /> ${label}</label>`;

/** A field's own error, placed beside it and tied to it (`aria-describedby`); empty when there is none. */
export const fieldError = (id: string, message: string | undefined) => (message ? html`<p class="field-error" id="${id}">${message}</p>` : '');

/**
 * The allowed methods and tags, as checkboxes: the admin API's filter vocabulary, used by the
 * Create MCP Server form and the Rose Rocket sign-in setting alike. `errors` are the API's own
 * messages for `methods` and `tags`, shown inside the fieldset they concern.
 */
export function accessFieldsets(
  tools: readonly ToolDefinition[],
  values: { methods: string[]; tags: string[] },
  errors: { methods?: string; tags?: string } = {},
): Markup {
  const exact = methodVocabulary(tools).filter((m) => !(METHOD_GROUPS as readonly string[]).includes(m));
  const described = (hint: string, field: 'methods' | 'tags') => (errors[field] ? `${hint} ${field}-error` : hint);
  return html`<fieldset aria-describedby="${described('methods-hint', 'methods')}">
      <legend>Allowed methods</legend>
      ${fieldError('methods-error', errors.methods)}
      <p class="hint" id="methods-hint">None checked: every method. A tool passes when it matches any checked method.</p>
      ${METHOD_GROUPS.map((g) => box('methods', g, html`<strong>${g}</strong> <span class="muted">(${GROUP_HINTS[g]})</span>`, values.methods.includes(g)))}
      <details ${values.methods.some((m) => exact.includes(m)) ? html`open` : ''}><summary>Exact methods</summary>
        ${exact.map((m) => box('methods', m, html`<code>${m}</code>`, values.methods.includes(m)))}
      </details>
    </fieldset>
    <fieldset aria-describedby="${described('tags-hint', 'tags')}">
      <legend>Allowed tags</legend>
      ${fieldError('tags-error', errors.tags)}
      <p class="hint" id="tags-hint">None checked: every tag. With tags, a tool must carry at least one of them (and match the methods).</p>
      ${tagVocabulary.map((t) => box('tags', t, html`<code>${t}</code>`, values.tags.includes(t)))}
    </fieldset>`;
}

export function serverForm(
  signedIn: SignedIn,
  account: IntegratedAccount,
  tools: readonly ToolDefinition[],
  values: ServerFormValues,
  error: string | null,
  preview: PreviewAnswer | { error: string },
): Markup {
  const base = `/ui/accounts/${seg(account.id)}/mcp-servers`;
  return html`<form method="post" action="${base}" data-preview="${base}/preview" class="card">
    ${csrfField(signedIn)}
    ${error ? notice('error', error) : ''}
    <label for="server-name">Name</label>
    <input id="server-name" name="name" type="text" required maxlength="200" value="${values.name}" aria-describedby="server-name-hint" />
    <p class="hint" id="server-name-hint">Shown in this list and in the admin API; not sent to clients.</p>
    ${accessFieldsets(tools, values)}
    <fieldset>
      <legend>Authentication</legend>
      ${box('require_api_token_auth', 'on', html`Require API token auth <span class="muted">(clients must also send an API token of this account)</span>`, values.require_api_token_auth)}
    </fieldset>
    <fieldset aria-describedby="rate-limit-hint">
      <legend>Rate limit</legend>
      <p class="hint" id="rate-limit-hint">Tool calls this URL may make, counted by the gateway before anything reaches Rose Rocket; a call over it is refused with the seconds to wait.</p>
      ${radio('rate_limit', 'default', "The gateway's default (MCP_RATE_LIMIT)", values.rate_limit)}
      ${radio('rate_limit', 'custom', 'This URL\'s own limit', values.rate_limit)}
      <div class="inline">
        <label for="rate-requests">Calls</label>
        <input id="rate-requests" name="rate_requests" type="number" min="1" max="1000000" step="1" inputmode="numeric" value="${values.rate_requests}" />
        <label for="rate-per-seconds">Window, seconds</label>
        <input id="rate-per-seconds" name="rate_per_seconds" type="number" min="1" max="86400" step="1" inputmode="numeric" value="${values.rate_per_seconds}" />
      </div>
      ${radio('rate_limit', 'off', 'No limit of the gateway\'s own (Rose Rocket\'s quota still applies)', values.rate_limit)}
    </fieldset>
    <label for="expires-local">Expiration date</label>
    <input id="expires-local" name="expires_local" type="datetime-local" data-utc-field="expires_at" aria-describedby="expires-local-zone expires-hint" />
    <input type="hidden" name="expires_at" value="${values.expires_at}" />
    <p class="hint"><span id="expires-local-zone">Read as UTC.</span> <span id="expires-hint">Leave empty for a URL that does not expire; otherwise at least a minute ahead. Stored as UTC.</span></p>
    <section aria-labelledby="preview-title" aria-live="polite">
      <h2 id="preview-title">Tools this URL will expose</h2>
      <div id="preview">${previewList(preview)}</div>
      <button type="submit" class="secondary" formmethod="get" formaction="${base}/new" data-preview-button>Update preview</button>
    </section>
    <div class="actions"><button type="submit">Save</button><a href="${base}">Cancel</a></div>
  </form>`;
}
