import { nodeHttpSend } from '../upstream/node-http.ts';
import { fetchSend } from '../upstream/transport.ts';
import type { Fetch, Send } from '../upstream/wire.ts';
import { deno } from './platform.ts';

/**
 * How upstream requests go out on this runtime: node:http on Node, where it
 * costs a third of undici's `fetch` CPU per call (see node-http.ts), else
 * the global `fetch`, looked up per call so that interceptors installed
 * later still apply. Deno also has `process.versions.node`, hence the
 * `Deno` check. An injected `fetch` (the embedded mock's, a test's) wins.
 */
export function upstreamSend(injected?: Fetch): Send {
  if (injected) return fetchSend(injected);
  return onNode() ? nodeHttpSend : fetchSend((request) => globalThis.fetch(request));
}

const onNode = () => !deno && typeof globalThis.process?.versions?.node === 'string';

/**
 * The sender that checks the address it connects to (`allowsAddress`, with a
 * `resolve` of the caller's), where this runtime has one: node:http on Node.
 * Elsewhere `null`: a fetch by name cannot be held to the address checked.
 */
export const addressCheckingSend = (): Send | null => (onNode() ? nodeHttpSend : null);
