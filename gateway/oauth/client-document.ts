import { AnswerTooLarge, fetchSend } from '../upstream/transport.ts';
import type { OutgoingRequest, Send } from '../upstream/wire.ts';
import { addressRefusal, isPublicAddress, urlRefusal, type Resolve } from './address-policy.ts';
import { redirectUriProblem } from './redirect-uris.ts';

/**
 * Client ID metadata documents (MCP 2025-11-25, draft-ietf-oauth-client-id-metadata-document):
 * a client whose `client_id` is an https URL describes itself in the JSON
 * document at that URL. The URL is a stranger's, so the fetch is bounded
 * every way: public addresses only (address-policy.ts), no redirects, a
 * deadline, a size cap read as the body streams, JSON only. Good documents
 * are cached for a while (bounded in count); a failure is not cached, so a
 * client that fixes its document is not locked out.
 */

export interface ClientDocument {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
}

export interface ClientDocumentOptions {
  /**
   * A sender that checks the address it connects to (the upstream node:http sender): the host is
   * resolved once, by `resolve`, as the socket is made, and only a public answer is connected to.
   */
  send?: Send | null;
  /** Without `send`: a fetch by name, after `resolve`'s answers were checked (Deno; tests answering in-process). */
  fetch?: typeof fetch;
  resolve: Resolve;
  /** Which resolved addresses a document may come from: public ones. */
  allowsAddress?: (hostname: string, address: string) => boolean;
  timeoutMs?: number;
  maxBytes?: number;
  cacheMs?: number;
  maxCached?: number;
  now?: () => number;
}

/** A document that could not be used; `message` is safe to show the client and the log. */
export class ClientDocumentError extends Error {
  override readonly name = 'ClientDocumentError';
}

/** A `client_id` that is meant as a document URL: https, with a path (the spec's rule). */
export function isDocumentClientId(clientId: string): boolean {
  if (!clientId.startsWith('https://')) return false;
  try {
    return new URL(clientId).pathname !== '/';
  } catch {
    return false;
  }
}

/** The document's fields the gateway relies on, checked; throws saying which one is wrong. */
export function parseClientDocument(clientId: string, text: string): ClientDocument {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ClientDocumentError('the document is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ClientDocumentError('the document is not a JSON object');
  const doc = body as Record<string, unknown>;
  if (doc.client_id !== clientId) throw new ClientDocumentError('client_id: must equal the document\'s own URL');
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === 'string')) {
    throw new ClientDocumentError('redirect_uris: must be a non-empty array of strings');
  }
  for (const uri of uris as string[]) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new ClientDocumentError(`redirect_uris: ${problem}`);
  }
  const method = doc.token_endpoint_auth_method;
  if (method !== undefined && method !== 'none') {
    throw new ClientDocumentError(`token_endpoint_auth_method: only "none" is supported here (got ${JSON.stringify(method)})`);
  }
  const name = typeof doc.client_name === 'string' && doc.client_name.trim() ? doc.client_name.trim().slice(0, 200) : new URL(clientId).host;
  return { client_id: clientId, client_name: name, redirect_uris: uris as string[] };
}

/** What the sender's failure means for the client, in words safe to show it and the log. */
function sendFailure(error: unknown, host: string, maxBytes: number): ClientDocumentError {
  if (error instanceof ClientDocumentError) return error;
  if (error instanceof AnswerTooLarge) return new ClientDocumentError(`the document is larger than ${maxBytes} bytes`);
  const { code, address } = (error ?? {}) as { code?: unknown; address?: unknown };
  if (code === 'EADDRREFUSED_BY_POLICY') return new ClientDocumentError(`client_id: its host ${host} resolves to a private address (${String(address)})`);
  if (code === 'ENOTFOUND') return new ClientDocumentError(`client_id: its host ${host} does not resolve`);
  return new ClientDocumentError('the document could not be fetched');
}

export function clientDocuments(options: ClientDocumentOptions) {
  const { resolve, allowsAddress = isPublicAddress, timeoutMs = 5000, maxBytes = 5 * 1024, cacheMs = 5 * 60_000, maxCached = 500, now = Date.now } = options;
  const fetchFn = options.fetch ?? fetch;
  // A fetch follows redirects unless told not to; the node:http sender never does.
  const send = options.send ?? fetchSend((request) => fetchFn(new Request(request, { redirect: 'manual' })));
  const pinned = !!options.send;
  const cache = new Map<string, { doc: ClientDocument; until: number }>();

  /** Fetches and reads the document within the deadline, whether or not the sender honours its stop. */
  async function download(url: URL): Promise<string> {
    const request: OutgoingRequest = { method: 'GET', url: url.href, headers: { accept: 'application/json' }, body: null, maxAnswerBytes: maxBytes, allowsAddress, resolve };
    let stop = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stop();
        reject(new ClientDocumentError(`the document did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const attempt = (async () => {
      const answer = await send(request, (s) => (stop = s)).catch((error: unknown) => {
        throw sendFailure(error, host, maxBytes);
      });
      if (answer.status !== 200) throw new ClientDocumentError(`fetching the document answered ${answer.status}, not 200`);
      const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
        throw new ClientDocumentError(`the document's content type is ${JSON.stringify(type || 'none')}, not application/json`);
      }
      return answer.text;
    })();
    attempt.catch(() => {});
    try {
      return await Promise.race([attempt, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function load(clientId: string): Promise<ClientDocument> {
    const url = new URL(clientId);
    // With a pinning sender the host is resolved once, as it connects; otherwise here, before the fetch by name.
    const refusal = pinned ? urlRefusal(url) : await addressRefusal(url, resolve);
    if (refusal) throw new ClientDocumentError(`client_id: ${refusal}`);
    return parseClientDocument(clientId, await download(url));
  }

  return {
    /** The client's document, from the cache or fetched; throws `ClientDocumentError`. */
    async get(clientId: string): Promise<ClientDocument> {
      const cached = cache.get(clientId);
      if (cached && cached.until > now()) return cached.doc;
      const doc = await load(clientId);
      cache.delete(clientId);
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
      cache.set(clientId, { doc, until: now() + cacheMs });
      return doc;
    },
  };
}

export type ClientDocuments = ReturnType<typeof clientDocuments>;
