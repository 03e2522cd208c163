import { Hono, type Context } from 'hono';
import type { ToolDefinition } from '../../tools/define.ts';
import { filterProblem, METHOD_GROUPS, tagVocabulary } from '../access.ts';
import type { Logger } from '../log.ts';
import type { Records } from '../records/index.ts';
import {
  checkAuthorizationRequest,
  Redirectable,
  redirectBack,
  Unredirectable,
  type AuthorizationRequest,
} from './authorization-request.ts';
import type { ClientRegistry } from './clients.ts';
import { consentPage, errorPage, EXPIRY_CHOICES, type ConsentChoices, type ExpiryChoice } from './consent-page.ts';
import type { GrantStore } from './grants.ts';
import type { Markup } from '../ui/index.ts';
import { CSP } from '../ui/layout.ts';
import type { OperatorGate } from './operator-gate.ts';
import type { RoseRocketSignIn } from './rose-rocket-sign-in.ts';

/**
 * `/oauth/authorize`: GET shows the consent page for a well-formed request,
 * POST takes the operator's decision. The request is checked again on POST
 * from the fields the page carried, so nothing is stored for a request until
 * it is approved, and then only the code (grants.ts).
 */

export interface AuthorizeDeps {
  clients: ClientRegistry;
  grants: GrantStore;
  records: Records;
  tools: readonly ToolDefinition[];
  issuer: string;
  resource: string;
  logger: Logger;
  gate: OperatorGate;
  /** "Sign in with Rose Rocket" (rose-rocket-sign-in.ts): which accounts offer it, and the way there. */
  signIn: Pick<RoseRocketSignIn, 'setting' | 'start'>;
}

/** The parameters of an authorization request the page carries through its form. */
const REQUEST_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'resource', 'scope'];

/**
 * The dashboard's headers (its CSP: no framing, so no clickjacking of the
 * Approve button; no caching; no Referer), with one change: the form's
 * answer redirects to the client, and browsers hold that redirect to the
 * CSP's `form-action`, so the client's redirect target is allowed there.
 */
function pageHeaders(redirectUri: string | null, signInAt: readonly string[] = []): Record<string, string> {
  const targets = [redirectUri, ...signInAt].filter((u): u is string => u !== null).map((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : url.protocol;
  });
  return {
    'content-security-policy': CSP.replace("form-action 'self'", ['form-action', "'self'", ...new Set(targets)].join(' ')),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  };
}

export function authorizeRoutes(deps: AuthorizeDeps) {
  const { clients, grants, records, logger } = deps;
  const methodsOffered: readonly string[] = METHOD_GROUPS;

  const html = (c: Context, body: Markup, status: 200 | 400 = 200, redirectUri: string | null = null, signInAt: readonly string[] = []) =>
    c.html(body, status, pageHeaders(redirectUri, signInAt));

  /** Checks the request; answers the refusal itself (page or redirect) when it is not one to go on with. */
  async function check(c: Context, params: (name: string) => string | undefined): Promise<AuthorizationRequest | Response> {
    try {
      return await checkAuthorizationRequest(params, clients, deps.resource);
    } catch (error) {
      if (error instanceof Unredirectable) {
        logger.log('warn', 'oauth_authorize_refused', { client_id: params('client_id')?.slice(0, 200) ?? null, reason: error.message });
        return html(c, errorPage(error.message), 400);
      }
      if (error instanceof Redirectable) {
        logger.log('warn', 'oauth_authorize_refused', { client_id: params('client_id')?.slice(0, 200) ?? null, error: error.error.code, reason: error.error.description });
        const answer = { error: error.error.code, error_description: error.error.description, state: error.state };
        return c.redirect(redirectBack(error.redirect_uri, deps.issuer, answer), 303);
      }
      throw error;
    }
  }

  function carried(params: (name: string) => string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of REQUEST_PARAMS) {
      const value = params(name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  async function page(c: Context, request: AuthorizationRequest, params: Record<string, string>, choices: ConsentChoices, problem: string | null) {
    const signedIn = await deps.gate.signedIn(c);
    const accounts = await records.accounts.list();
    const offered = await Promise.all(accounts.map(async (a) => ((await deps.signIn.setting(a.id)) ? a : null)));
    const signInAccounts = offered.filter((a) => a !== null);
    const view = { request, params, accounts, signInAccounts, choices, problem, signedIn, operatorFields: deps.gate.fields(signedIn) };
    // The sign-in buttons' answer redirects to the accounts' Rose Rocket auth servers.
    return html(c, consentPage(view), problem ? 400 : 200, request.redirect_uri, signInAccounts.map((a) => a.auth_url));
  }

  /** The operator's choices, checked as the admin API checks a URL's; a problem in words, or the choices. */
  async function readChoices(form: Record<string, string | File | (string | File)[]>): Promise<{ choices: ConsentChoices; problem: string | null }> {
    const list = (name: string) => [form[name] ?? []].flat().filter((v): v is string => typeof v === 'string');
    const expiry = String(form.expiry ?? 'never');
    const choices: ConsentChoices = {
      account_id: String(form.account_id ?? ''),
      methods: [...new Set(list('methods'))],
      tags: [...new Set(list('tags'))],
      expiry: (expiry in EXPIRY_CHOICES ? expiry : 'never') as ExpiryChoice,
    };
    if (!(expiry in EXPIRY_CHOICES)) return { choices, problem: `Access ends: ${JSON.stringify(expiry)} is not one of the choices.` };
    const unknown = choices.methods.find((m) => !methodsOffered.includes(m)) ?? choices.tags.find((t) => !tagVocabulary.includes(t));
    if (unknown) return { choices, problem: `${JSON.stringify(unknown)} is not a method or tag this gateway knows.` };
    if (!choices.account_id || !(await records.accounts.get(choices.account_id))) {
      return { choices, problem: 'Choose one of the Rose Rocket accounts listed.' };
    }
    const filter = filterProblem(deps.tools, choices);
    return { choices, problem: filter ? `Methods and tags: ${filter.reason}.` : null };
  }

  return new Hono()
    .get('/oauth/authorize', async (c) => {
      const request = await check(c, (name) => c.req.query(name));
      if (request instanceof Response) return request;
      const choices: ConsentChoices = { account_id: '', methods: ['read'], tags: [], expiry: 'never' };
      return page(c, request, carried((name) => c.req.query(name)), choices, null);
    })
    .post('/oauth/authorize', async (c) => {
      const form = await c.req.parseBody({ all: true });
      const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
      const request = await check(c, field);
      if (request instanceof Response) return request;
      const params = carried(field);

      // The person signs in at Rose Rocket instead: no operator here, the account's own limits apply.
      const viaRoseRocket = field('rose_rocket_account');
      if (viaRoseRocket !== undefined) {
        const started = await deps.signIn.start(c, request, viaRoseRocket);
        if (typeof started !== 'string') return started;
        const { choices } = await readChoices(form);
        return page(c, request, params, choices, started);
      }

      const operator = await deps.gate.verify(c, form);
      const { choices, problem } = await readChoices(form);
      if (typeof operator === 'string') return page(c, request, params, choices, operator);
      const client_id = request.client.client_id;

      if (field('decision') === 'deny') {
        logger.log('info', 'oauth_denied', { client_id, operator: operator.id });
        return c.redirect(redirectBack(request.redirect_uri, deps.issuer, { error: 'access_denied', error_description: 'the operator denied the request', state: request.state }), 303);
      }
      if (problem) return page(c, request, params, choices, problem);

      const days = EXPIRY_CHOICES[choices.expiry];
      const code = await grants.createCode({
        client_id,
        redirect_uri: request.redirect_uri,
        code_challenge: request.code_challenge,
        resource: request.resource,
        approval: {
          account_id: choices.account_id,
          name: request.client.client_name,
          methods: choices.methods,
          tags: choices.tags,
          expires_at: days === null ? null : new Date(records.now() + days * 86_400_000).toISOString(),
          client_name: request.client.client_name,
        },
      });
      logger.log('info', 'oauth_approved', { client_id, operator: operator.id, account_id: choices.account_id, methods: choices.methods, tags: choices.tags });
      return c.redirect(redirectBack(request.redirect_uri, deps.issuer, { code, state: request.state }), 303);
    });
}
