import { ClientDocumentError, type ClientRegistry, type OAuthClient } from './clients.ts';
import { OAuthError } from './errors.ts';
import { redirectUriMatches } from './redirect-uris.ts';

/**
 * An authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636, and the
 * RFC 8707 `resource`), checked in the order the RFC's error rules need:
 * first the client and its redirect URI, which must be right before the
 * gateway may send anything to that URI (`Unredirectable`: shown to the
 * person instead); then everything else, whose errors go back to the client
 * in the redirect (`Redirectable`).
 */

export interface AuthorizationRequest {
  client: OAuthClient;
  redirect_uri: string;
  state: string | null;
  code_challenge: string;
  resource: string;
}

/** An error that must not be sent to the redirect URI: the person sees it. */
export class Unredirectable extends Error {
  override readonly name = 'Unredirectable';
}

/** An error for the client, carried in the redirect. */
export class Redirectable extends Error {
  override readonly name = 'Redirectable';
  constructor(
    readonly error: OAuthError,
    readonly redirect_uri: string,
    readonly state: string | null,
  ) {
    super(error.message);
  }
}

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_PARAM = 2000;

type Params = (name: string) => string | undefined;

function single(params: Params, name: string): string | undefined {
  const value = params(name);
  return value === undefined || value === '' ? undefined : value;
}

export async function checkAuthorizationRequest(params: Params, clients: ClientRegistry, resource: string): Promise<AuthorizationRequest> {
  const clientId = single(params, 'client_id');
  if (!clientId) throw new Unredirectable('The request has no client_id: the application that sent you here is not identifying itself.');
  if (clientId.length > MAX_PARAM) throw new Unredirectable('The client_id is too long to be one.');
  let client: OAuthClient | null;
  try {
    client = await clients.find(clientId);
  } catch (error) {
    if (error instanceof ClientDocumentError) throw new Unredirectable(`The client's metadata document at ${clientId} cannot be used: ${error.message}.`);
    throw error;
  }
  if (!client) throw new Unredirectable(`No client is registered with id ${JSON.stringify(clientId)}. The application must register again.`);

  const requested = single(params, 'redirect_uri');
  // RFC 6749 §3.1.2.3: without one, the only registered URI is meant; with several, the client must say which.
  const redirectUri = requested ?? (client.redirect_uris.length === 1 ? client.redirect_uris[0]! : undefined);
  if (!redirectUri) throw new Unredirectable(`${client.client_name} registered several redirect URIs and the request names none of them.`);
  if (redirectUri.length > MAX_PARAM || !redirectUriMatches(client.redirect_uris, redirectUri)) {
    throw new Unredirectable(`The redirect URI ${JSON.stringify(redirectUri.slice(0, 200))} is not one that ${client.client_name} registered.`);
  }

  const state = single(params, 'state') ?? null;
  const fail = (code: string, description: string): never => {
    throw new Redirectable(new OAuthError(400, code, description), redirectUri, state);
  };
  if (state !== null && state.length > MAX_PARAM) fail('invalid_request', 'state: longer than 2000 characters');
  const responseType = single(params, 'response_type');
  if (responseType !== 'code') fail(responseType ? 'unsupported_response_type' : 'invalid_request', `response_type: must be "code" (got ${JSON.stringify(responseType ?? null)})`);
  const challenge = single(params, 'code_challenge');
  if (!challenge) fail('invalid_request', 'code_challenge: is required (PKCE with S256)');
  const method = single(params, 'code_challenge_method');
  if (method !== 'S256') fail('invalid_request', `code_challenge_method: must be "S256" (got ${JSON.stringify(method ?? null)})`);
  if (!CHALLENGE.test(challenge!)) fail('invalid_request', 'code_challenge: must be the base64url SHA-256 of the verifier (43 characters)');
  const named = single(params, 'resource');
  if (named !== undefined && named !== resource) fail('invalid_target', `resource: this server is ${resource}; tokens for ${named.slice(0, 200)} are not issued here`);

  return { client, redirect_uri: redirectUri, state, code_challenge: challenge!, resource };
}

/** Where the client is sent back to: its redirect URI with the answer and this server's `iss` (RFC 9207). */
export function redirectBack(redirectUri: string, issuer: string, answer: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(answer)) if (value !== null) url.searchParams.set(name, value);
  url.searchParams.set('iss', issuer);
  return url.href;
}
