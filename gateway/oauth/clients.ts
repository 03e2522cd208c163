import { z } from 'zod';
import { randomId } from '../crypto.ts';
import { checked, readRecord } from '../records/codec.ts';
import { RECORD_ID } from '../records/keys.ts';
import type { Store } from '../store/store.ts';
import { ClientDocumentError, isDocumentClientId, type ClientDocuments } from './client-document.ts';
import { OAuthError } from './errors.ts';
import { redirectUriProblem } from './redirect-uris.ts';

/**
 * The clients the gateway knows, both ways the MCP spec allows: registered
 * here by RFC 7591 dynamic registration (stored, public clients without a
 * secret), or described by a client ID metadata document at their https
 * `client_id` (fetched, never stored).
 */

export interface OAuthClient {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
}

const CLIENT_ID_PREFIX = 'rrc_';
const clientKey = (id: string) => `oauth:client:${id}`;

export const storedClient = z.object({
  client_id: z.string().min(1),
  client_name: z.string().min(1),
  redirect_uris: z.array(z.string().min(1)).min(1),
  created_at: z.iso.datetime({ offset: true }),
});

const text = (max: number) => z.string().trim().min(1).max(max);

/** RFC 7591 §2: what a registration may say. Unknown metadata is ignored, as the RFC asks. */
const registration = z.object({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(20),
  client_name: text(200).optional(),
  token_endpoint_auth_method: z.string().optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
});

const GRANT_TYPES = ['authorization_code', 'refresh_token'];

export function createClientRegistry(store: Store, documents: ClientDocuments, now: () => number) {
  return {
    /** RFC 7591 registration; throws the RFC's `invalid_redirect_uri` / `invalid_client_metadata`. */
    async register(body: unknown) {
      const parsed = registration.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.') || 'body';
        const code = issue.path[0] === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata';
        throw new OAuthError(400, code, `${field}: ${issue.message}`);
      }
      const input = parsed.data;
      for (const uri of input.redirect_uris) {
        const problem = redirectUriProblem(uri);
        if (problem) throw new OAuthError(400, 'invalid_redirect_uri', `redirect_uris: ${problem}`);
      }
      if (input.token_endpoint_auth_method !== undefined && input.token_endpoint_auth_method !== 'none') {
        throw new OAuthError(400, 'invalid_client_metadata', `token_endpoint_auth_method: only "none" is supported (public clients with PKCE); got ${JSON.stringify(input.token_endpoint_auth_method)}`);
      }
      const unsupported = input.grant_types?.find((g) => !GRANT_TYPES.includes(g));
      if (unsupported) throw new OAuthError(400, 'invalid_client_metadata', `grant_types: ${JSON.stringify(unsupported)} is not supported (authorization_code, refresh_token)`);
      if (input.response_types?.some((r) => r !== 'code')) throw new OAuthError(400, 'invalid_client_metadata', 'response_types: only "code" is supported');

      const client_id = CLIENT_ID_PREFIX + randomId();
      const created_at = new Date(now()).toISOString();
      const client_name = input.client_name ?? 'Unnamed client';
      await store.set(clientKey(client_id), checked(storedClient, { client_id, client_name, redirect_uris: input.redirect_uris, created_at }, 'OAuth client'));
      return {
        client_id,
        client_id_issued_at: Math.floor(Date.parse(created_at) / 1000),
        client_name,
        redirect_uris: input.redirect_uris,
        grant_types: GRANT_TYPES,
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      };
    },

    /** The client a `client_id` names, or `null` if none; throws `ClientDocumentError` for an unusable document. */
    async find(clientId: string): Promise<OAuthClient | null> {
      if (isDocumentClientId(clientId)) return documents.get(clientId);
      if (!clientId.startsWith(CLIENT_ID_PREFIX) || !RECORD_ID.test(clientId)) return null;
      const record = await readRecord(store, clientKey(clientId), storedClient);
      return record && { client_id: record.client_id, client_name: record.client_name, redirect_uris: record.redirect_uris };
    },
  };
}

export type ClientRegistry = ReturnType<typeof createClientRegistry>;
export { ClientDocumentError };
