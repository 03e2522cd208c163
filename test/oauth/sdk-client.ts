import chromium from '@sparticuz/chromium';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

/**
 * What an MCP client application does around the official SDK's OAuth: an
 * `OAuthClientProvider` that keeps what the SDK hands it in memory, and a
 * real browser (Chromium) in which the person fills in the consent page.
 */

export class MemoryProvider implements OAuthClientProvider {
  clientInfo: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | null = null;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'SDK Test Client', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  state() {
    return 'sdk-state';
  }
  clientInformation() {
    return this.clientInfo;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.clientInfo = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'all' || scope === 'tokens') this.saved = undefined;
    if (scope === 'all' || scope === 'client') this.clientInfo = undefined;
  }
}

/** `fetch`, when given, is the one the client's transport sends with (a test's window on the statuses it gets). */
export function connect(mcpUrl: string, provider: OAuthClientProvider, fetch?: typeof globalThis.fetch) {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, ...(fetch && { fetch }) });
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  return { client, transport, connected: client.connect(transport) };
}

export async function launchBrowser(): Promise<Browser> {
  // The package's flags switch web security off; the consent page is tested with it on.
  const args = chromium.args.filter((arg) => arg !== '--disable-web-security' && arg !== '--allow-running-insecure-content');
  return playwright.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

export interface ConsentAnswer {
  redirect: URL;
}

/**
 * Opens the authorization URL, lets `fill` act on the page (sign in, choose),
 * presses the button, and returns where the browser was sent: the client's
 * redirect URI, which a real server of the test's answers.
 */
export async function consentInBrowser(
  page: Page,
  authorizationUrl: URL,
  redirectUri: string,
  fill: (page: Page) => Promise<void>,
  button = 'Approve',
): Promise<ConsentAnswer> {
  // One page for a whole file: this Chromium runs as a single process, which closing a context can end. Each consent starts signed out.
  await page.context().clearCookies();
  await page.goto(authorizationUrl.href);
  await fill(page);
  await Promise.all([page.waitForURL((url) => url.href.startsWith(redirectUri)), page.getByRole('button', { name: button }).click()]);
  return { redirect: new URL(page.url()) };
}
