import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { ToolDefinition } from '../../tools/define.ts';
import type { SignInSettingView } from '../oauth/sign-in-setting.ts';
import { accountTabs, loadAccount } from './accounts.ts';
import { seg, type AdminCall } from './admin-door.ts';
import { csrfField, notice, page, type Markup } from './layout.ts';
import { accessFieldsets, fieldError } from './mcp-server-form.ts';
import type { UiEnv } from './session.ts';

/**
 * The account's **Rose Rocket sign-in** tab: the sign-in setting of
 * `/integrated-account/:id/oauth-sign-in`, through that API. On or off, the
 * most such a connection may do, and the Rose Rocket OAuth client it signs in
 * with. The client secret is write-only: the page says whether one is held,
 * never what it is.
 */

const FIELDS = ['methods', 'tags', 'client_id', 'client_secret'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, string>>;

interface Values {
  enabled: boolean;
  methods: string[];
  tags: string[];
  client_id: string;
}

/**
 * The admin API's 400 (`field: reason; field: reason`) split onto the form's fields, so each
 * reason shows beside its field; a reason naming no field of the form stays a notice on top.
 */
export function errorsByField(message: string): { fields: Errors; rest: string[] } {
  const fields: Errors = {};
  const rest: string[] = [];
  for (const part of message.split('; ')) {
    const named = /^([a-z_]+)(?:\[\d+\])?(?:, [a-z_]+)?: /.exec(part)?.[1] as Field | undefined;
    if (named && FIELDS.includes(named)) fields[named] = fields[named] ? `${fields[named]}; ${part}` : part;
    else rest.push(part);
  }
  return { fields, rest };
}

export function signInSettingPages({ admin, tools, publicUrl }: { admin: AdminCall; tools: readonly ToolDefinition[]; publicUrl: string }): Hono<UiEnv> {
  const callbackUrl = `${publicUrl.replace(/\/+$/, '')}/oauth/rose-rocket/callback`;

  async function settingPage(c: Context<UiEnv>, given: { values?: Values; errors?: Errors; message?: Markup } = {}, status: 200 | 400 = 200) {
    const signedIn = c.get('signedIn');
    const account = await loadAccount(admin, signedIn, c.req.param('id')!);
    const answer = await admin(signedIn.operator, 'GET', `/integrated-account/${seg(account.id)}/oauth-sign-in`);
    const current: SignInSettingView = answer.ok ? answer.body : { enabled: false };
    const values: Values = given.values ?? {
      enabled: current.enabled,
      methods: current.enabled ? current.methods : ['read'],
      tags: current.enabled ? current.tags : [],
      client_id: current.enabled ? (current.client_id ?? '') : '',
    };
    const errors = given.errors ?? {};
    const secretHeld = current.enabled && current.client_secret_set && values.client_id === current.client_id;
    const invalid = (field: Field) => (errors[field] ? html`aria-invalid="true"` : '');
    const describedBy = (field: Field) => `sign-in-${field}-hint${errors[field] ? ` sign-in-${field}-error` : ''}`;
    const action = `/ui/accounts/${seg(account.id)}/sign-in`;
    return c.html(
      page(
        { title: account.name, signedIn, trail: [['Integrated accounts', '/ui']] },
        html`${accountTabs(account, 'sign-in')}${given.message ?? ''}
        <p>With sign-in on, an OAuth connection (a client given only this gateway’s <code>/mcp</code> address) can sign in at Rose Rocket instead of being approved with an operator token. Its calls then carry that person’s own Rose Rocket token: Rose Rocket’s roles apply, and its history names them.</p>
        <p>Now: <strong>${current.enabled ? 'on' : 'off'}</strong>.</p>
        <form method="post" action="${action}" class="card">${csrfField(signedIn)}
          <fieldset aria-describedby="sign-in-enabled-hint">
            <legend>Sign in with Rose Rocket</legend>
            <label><input type="checkbox" name="enabled" value="on" ${values.enabled ? html`checked` : ''} /> Let OAuth connections sign in with Rose Rocket</label>
            <p class="hint" id="sign-in-enabled-hint">Unchecked: the consent page offers only approval with an operator token. Turning it off ends no connection already made; revoke those in MCP Servers.</p>
          </fieldset>
          <h2>The most such a connection may do</h2>
          ${accessFieldsets(tools, values, { methods: errors.methods, tags: errors.tags })}
          <fieldset aria-describedby="sign-in-client-hint">
            <legend>Rose Rocket OAuth client</legend>
            <p class="hint" id="sign-in-client-hint">The client Rose Rocket issued for interactive sign-in. Leave the client ID empty to use this account’s own client (<code>${account.client_id}</code>).
              Register <code>${callbackUrl}</code> as its redirect URI at Rose Rocket; people sign in at <code>${account.auth_url}</code>.</p>
            <label for="sign-in-client_id">Client ID</label>
            <input id="sign-in-client_id" name="client_id" type="text" maxlength="200" spellcheck="false" autocomplete="off" value="${values.client_id}" aria-describedby="${describedBy('client_id')}" ${invalid('client_id')} />
            ${fieldError('sign-in-client_id-error', errors.client_id)}
            <p class="hint" id="sign-in-client_id-hint">Empty: this account’s client.</p>
            <label for="sign-in-client_secret">Client secret</label>
            <input id="sign-in-client_secret" name="client_secret" type="password" maxlength="1000" autocomplete="off" value="" aria-describedby="${describedBy('client_secret')}" ${invalid('client_secret')} />
            ${fieldError('sign-in-client_secret-error', errors.client_secret)}
            <p class="hint" id="sign-in-client_secret-hint">Write-only: stored encrypted, never shown. ${secretHeld ? 'A secret is held for this client ID; leave empty to keep it.' : 'Required with a client ID.'}</p>
          </fieldset>
          <div class="actions"><button type="submit">Save sign-in setting</button></div>
        </form>`,
      ),
      status,
    );
  }

  return new Hono<UiEnv>()
    .get('/ui/accounts/:id/sign-in', (c) => settingPage(c))
    .post('/ui/accounts/:id/sign-in', async (c) => {
      const signedIn = c.get('signedIn');
      const account = await loadAccount(admin, signedIn, c.req.param('id'));
      const form = await c.req.parseBody({ all: true });
      const many = (key: string) => ([] as unknown[]).concat(form[key] ?? []).filter((v): v is string => typeof v === 'string' && v !== '');
      const one = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
      const values: Values = { enabled: one('enabled') === 'on', methods: many('methods'), tags: many('tags'), client_id: one('client_id') };
      const path = `/integrated-account/${seg(account.id)}/oauth-sign-in`;
      if (!values.enabled) {
        const answer = await admin(signedIn.operator, 'DELETE', path);
        if (!answer.ok) return settingPage(c, { values, message: notice('error', answer.message) }, 400);
        return settingPage(c, { message: notice('ok', 'Sign-in with Rose Rocket is off for this account.') });
      }
      const secret = typeof form.client_secret === 'string' ? form.client_secret : '';
      const body = { methods: values.methods, tags: values.tags, client_id: values.client_id || null, ...(secret && { client_secret: secret }) };
      const answer = await admin(signedIn.operator, 'PUT', path, body);
      if (!answer.ok) {
        const { fields, rest } = errorsByField(answer.message);
        const message = rest.length ? notice('error', rest.join('; ')) : notice('error', 'Not saved: see the fields marked below.');
        return settingPage(c, { values, errors: fields, message }, 400);
      }
      return settingPage(c, { message: notice('ok', 'Sign-in with Rose Rocket is on for this account; setting saved.') });
    });
}
