import { html } from 'hono/html';
import { METHOD_GROUPS, tagVocabulary } from '../access.ts';
import type { IntegratedAccount } from '../records/index.ts';
import { notice, page, type Markup, type SignedIn } from '../ui/index.ts';
import type { AuthorizationRequest } from './authorization-request.ts';

/**
 * The consent page, a dashboard page: which client asks (its name, and the
 * host its answers go to, which a client cannot fake the way it can its
 * name), and what the operator grants it, chosen as for an MCP server URL:
 * the integrated account, methods, tags, expiry.
 */

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
  /** Accounts whose people may sign in at Rose Rocket themselves. */
  signInAccounts: readonly IntegratedAccount[];
  choices: ConsentChoices;
  /** What was wrong with the last submission. */
  problem: string | null;
  signedIn: SignedIn | null;
  /** The gate's part of the form: the session's CSRF field, or the operator token field. */
  operatorFields: Markup;
}

function checkboxes(name: string, options: readonly string[], checked: readonly string[]) {
  return options.map((o) => html`<label><input type="checkbox" name="${name}" value="${o}" ${checked.includes(o) ? 'checked' : ''} /> ${o}</label>`);
}

export function consentPage(view: ConsentView): Markup {
  const { request, choices } = view;
  const redirectHost = new URL(request.redirect_uri).host || request.redirect_uri;
  const expiryLabel = (k: string) => (k === 'never' ? 'never' : `in ${k.slice(0, -1)} days`);
  return page(
    { title: `Connect ${request.client.client_name}`, signedIn: view.signedIn },
    html`<div class="card narrow">
      ${view.problem ? notice('error', view.problem) : ''}
      <p>The application <strong id="client-name">${request.client.client_name}</strong> asks to use Rose Rocket tools through this gateway.
      When you approve, it is sent back to <strong id="redirect-host">${redirectHost}</strong>. You can revoke it any time in the account's MCP Servers tab.</p>
      ${view.signInAccounts.length
        ? html`<form method="post" action="/oauth/authorize">
            ${Object.entries(view.params).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
            <h2>Sign in as yourself</h2>
            <p>Rose Rocket then acts as you: your role applies, and its history names you.</p>
            <div class="actions">
              ${view.signInAccounts.map((a) => html`<button type="submit" name="rose_rocket_account" value="${a.id}">Sign in with Rose Rocket (${a.name})</button>`)}
            </div>
          </form>
          <h2>Or approve as the operator</h2>`
        : ''}
      <form method="post" action="/oauth/authorize">
        ${Object.entries(view.params).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
        ${view.operatorFields}
        <label for="account_id">Rose Rocket account</label>
        <select id="account_id" name="account_id" required>
          ${view.accounts.map((a) => html`<option value="${a.id}" ${a.id === choices.account_id ? 'selected' : ''}>${a.name}</option>`)}
        </select>
        <fieldset><legend>Methods (none ticked: all)</legend>${checkboxes('methods', METHOD_GROUPS, choices.methods)}</fieldset>
        <fieldset><legend>Tags (none ticked: all)</legend>${checkboxes('tags', tagVocabulary, choices.tags)}</fieldset>
        <label for="expiry">Access ends</label>
        <select id="expiry" name="expiry">
          ${Object.keys(EXPIRY_CHOICES).map((k) => html`<option value="${k}" ${k === choices.expiry ? 'selected' : ''}>${expiryLabel(k)}</option>`)}
        </select>
        <div class="actions">
          <button type="submit" name="decision" value="approve">Approve</button>
          <button type="submit" name="decision" value="deny" class="secondary" formnovalidate>Deny</button>
        </div>
      </form>
    </div>`,
  );
}

export function errorPage(message: string): Markup {
  return page(
    { title: 'This connection request cannot be completed' },
    html`${notice('error', message)}<p>Nothing was granted. Close this page and try again from the application.</p>`,
  );
}
