import { addressRefusal, type Resolve } from './address-policy.ts';
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
  fetch?: typeof fetch;
  resolve: Resolve;
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

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new ClientDocumentError(`the document is larger than ${maxBytes} bytes`);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ClientDocumentError(`the document is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const decoder = new TextDecoder();
  return chunks.map((chunk, i) => decoder.decode(chunk, { stream: i < chunks.length - 1 })).join('');
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

export function clientDocuments(options: ClientDocumentOptions) {
  const { resolve, timeoutMs = 5000, maxBytes = 5 * 1024, cacheMs = 5 * 60_000, maxCached = 500, now = Date.now } = options;
  const fetchFn = options.fetch ?? fetch;
  const cache = new Map<string, { doc: ClientDocument; until: number }>();

  /** Fetches and reads the document within the deadline, whether or not the fetch honours its signal. */
  async function download(url: URL): Promise<string> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ClientDocumentError(`the document did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const attempt = (async () => {
      let response: Response;
      try {
        response = await fetchFn(url, { redirect: 'manual', headers: { accept: 'application/json' }, signal: controller.signal });
      } catch {
        throw new ClientDocumentError('the document could not be fetched');
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new ClientDocumentError(`fetching the document answered ${response.status}, not 200`);
      }
      const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
        await response.body?.cancel();
        throw new ClientDocumentError(`the document's content type is ${JSON.stringify(type || 'none')}, not application/json`);
      }
      try {
        return await readCapped(response, maxBytes);
      } catch (error) {
        throw error instanceof ClientDocumentError ? error : new ClientDocumentError('the document could not be read');
      }
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
    const refusal = await addressRefusal(url, resolve);
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
