import type { Context } from 'hono';
import type { ApiToken, Records } from '../records/index.ts';

/**
 * Who may approve an OAuth client: an operator, as on the dashboard. The
 * gate says what the consent form needs for that (`fields`: inputs to put in
 * the form, or a response that sends the person to sign in first) and checks
 * a submission (`verify`: the operator, or what to tell the person).
 */
export interface OperatorGate {
  fields(c: Context): Promise<string | Response>;
  verify(c: Context, form: Record<string, unknown>): Promise<ApiToken | string>;
}

/**
 * The operator proves themselves on the consent form with their operator API
 * token, checked as the admin API checks it. A forged cross-site submission
 * would have to know the token, so the form needs no other CSRF defence.
 */
export function tokenGate(records: Records): OperatorGate {
  return {
    async fields() {
      return `<p><label for="operator_token">Operator API token</label>
<input id="operator_token" name="operator_token" type="password" autocomplete="current-password" required></p>`;
    },
    async verify(_c, form) {
      const token = form.operator_token;
      if (typeof token !== 'string' || !token) return 'Enter an operator API token to approve or deny.';
      const apiToken = await records.apiTokens.verify(token);
      if (!apiToken) return 'That operator API token is unknown or revoked.';
      if (apiToken.integrated_account_id !== null) return `API token ${apiToken.id} belongs to one account's MCP servers; an operator token is needed.`;
      return apiToken;
    },
  };
}
