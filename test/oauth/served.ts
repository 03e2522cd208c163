import type { Page } from 'playwright-core';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { listen, type Listening } from '../support/listen.ts';
import { ADMIN_KEY, oauthGateway, type OAuthGateway } from './harness.ts';

/**
 * The OAuth gateway on a real port, for the browser tests: the client's
 * redirect URI answered by a server of the test's, and the mock Rose Rocket
 * on a port too, where the browser signs in (the gateway reaches the same
 * mock in-process).
 */
export interface ServedOAuth {
  gw: OAuthGateway;
  /** The gateway's base URL. */
  url: string;
  /** The client's redirect URI. */
  redirect: string;
  /** The mock Rose Rocket's base URL, where people sign in. */
  roseRocketUrl: string;
  close(): Promise<void>;
}

export async function servedOAuthGateway(): Promise<ServedOAuth> {
  const callback = await listen(() => new Response('You can close this window.'));
  let handler: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
  const server = await listen((request) => handler(request));
  const gw = await oauthGateway({ publicUrl: server.url });
  handler = (request) => gw.app.fetch(request);
  const roseRocket: Listening = await listen((request) => gw.mock.fetch(request));
  return {
    gw,
    url: server.url,
    redirect: `${callback.url}/callback`,
    roseRocketUrl: roseRocket.url,
    close: async () => {
      await Promise.all([server.close(), callback.close(), roseRocket.close()]);
    },
  };
}

/** An account of the demo org whose auth server is the served mock, so a browser can sign in there. */
export const signInAccount = (served: ServedOAuth, name: string, clientSecret = DEMO_ORG.clientSecret) =>
  served.gw.records.accounts.create({
    name,
    api_url: `${served.roseRocketUrl}/api/v2/platformModel`,
    auth_url: served.roseRocketUrl,
    org_id: DEMO_ORG.orgId,
    user_id: DEMO_ORG.userId,
    client_id: DEMO_ORG.clientId,
    client_secret: clientSecret,
  });

/** Signs the browser in to the dashboard with the operator token, as a person would, from signed out. */
export async function signInToDashboard(page: Page, url: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/ui`);
  await page.getByLabel('Operator API token').fill(ADMIN_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Integrated accounts' }).waitFor();
}
