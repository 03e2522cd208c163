import { METHOD_GROUPS, tagVocabulary } from '../access.ts';
import type { IntegratedAccount } from '../records/index.ts';
import type { AuthorizationRequest } from './authorization-request.ts';

/**
 * The consent page: which client asks (its name, and the host its answers go
 * to, which a client cannot fake the way it can its name), and what the
 * operator grants it, chosen as for an MCP server URL: the integrated
 * account, methods, tags, expiry. Server-rendered, no script.
 */

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export const EXPIRY_CHOICES = { never: null, '1d': 1, '7d': 7, '30d': 30, '90d': 90 } as const;
export type ExpiryChoice = keyof typeof EXPIRY_CHOICES;

export interface ConsentChoices {
  account_id: string;
  methods: string[];
  tags: string[];
  expiry: ExpiryChoice;
}

export interface ConsentView {
  request: AuthorizationRequest;
  /** The request's own parameters, carried through the form unchanged. */
  params: Record<string, string>;
  accounts: readonly IntegratedAccount[];
  choices: ConsentChoices;
  /** What was wrong with the last submission. */
  problem: string | null;
  /** Extra hidden fields (the dashboard session's CSRF token) and, when no session signs the operator in, the token field. */
  operatorFields: string;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`;

function checkboxes(name: string, options: readonly string[], checked: readonly string[]): string {
  return options
    .map((o) => `<label><input type="checkbox" name="${name}" value="${escape(o)}"${checked.includes(o) ? ' checked' : ''}> ${escape(o)}</label>`)
    .join('\n');
}

export function consentPage(view: ConsentView): string {
  const { request, choices } = view;
  const redirectHost = new URL(request.redirect_uri).host || request.redirect_uri;
  const accounts = view.accounts
    .map((a) => `<option value="${escape(a.id)}"${a.id === choices.account_id ? ' selected' : ''}>${escape(a.name)}</option>`)
    .join('');
  const expiries = Object.keys(EXPIRY_CHOICES)
    .map((k) => `<option value="${k}"${k === choices.expiry ? ' selected' : ''}>${k === 'never' ? 'never' : `in ${k.slice(0, -1)} days`}</option>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Connect ${escape(request.client.client_name)} - Rose Rocket MCP</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}fieldset{margin:1rem 0}label{display:inline-block;margin-right:1rem}.problem{color:#a00;font-weight:bold}</style>
</head><body><main>
<h1>Connect <strong id="client-name">${escape(request.client.client_name)}</strong></h1>
<p>This application asks to use Rose Rocket tools through this gateway. After you approve, it is sent back to <strong id="redirect-host">${escape(redirectHost)}</strong>.</p>
${view.problem ? `<p class="problem" role="alert" id="problem">${escape(view.problem)}</p>` : ''}
<form method="post" action="/oauth/authorize">
${Object.entries(view.params).map(([k, v]) => hidden(k, v)).join('\n')}
${view.operatorFields}
<p><label for="account_id">Rose Rocket account</label>
<select id="account_id" name="account_id" required>${accounts}</select></p>
<fieldset><legend>Methods (none ticked: all)</legend>${checkboxes('methods', METHOD_GROUPS, choices.methods)}</fieldset>
<fieldset><legend>Tags (none ticked: all)</legend>${checkboxes('tags', tagVocabulary, choices.tags)}</fieldset>
<p><label for="expiry">Access ends</label> <select id="expiry" name="expiry">${expiries}</select></p>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form></main></body></html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cannot connect - Rose Rocket MCP</title></head>
<body><main><h1>This connection request cannot be completed</h1><p role="alert" id="problem">${escape(message)}</p>
<p>Nothing was granted. Close this page and try again from the application.</p></main></body></html>`;
}

export { hidden as hiddenField, escape as escapeHtml };
