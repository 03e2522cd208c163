import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isSpecialAddress } from '../upstream/host-policy.ts';

/**
 * Which addresses the gateway itself may fetch on a stranger's say-so (a
 * client ID metadata document names any URL it likes): public ones only.
 * A URL naming a private, loopback, link-local or otherwise special address,
 * as a literal or through DNS, is refused before anything is sent.
 *
 * On Node the name is resolved once, by the upstream sender as it connects
 * (node-http.ts), and the connection goes to the address checked there, so a
 * name that answers differently the next time (DNS rebinding) gains nothing.
 * Elsewhere (Deno's fetch) the check is `addressRefusal`, made before a fetch
 * by name, which does not stop a name that changes its answer in between.
 */

export type Resolve = (hostname: string) => Promise<string[]>;

export const resolveWithDns: Resolve = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * True for every address a public service cannot be at: one the upstream
 * host policy calls special (gateway/upstream/host-policy.ts), and anything
 * that is no IP address at all.
 */
export function isPrivateAddress(address: string): boolean {
  return isIP(address.replace(/^\[|\]$/g, '')) === 0 || isSpecialAddress(address);
}

/** Whether a connection to `address` may be made for a document: public addresses only (the sender's `allowsAddress`). */
export const isPublicAddress = (_hostname: string, address: string) => !isPrivateAddress(address);

/** The reason a URL may not be fetched, judged without DNS (scheme, credentials, a literal or local host), or `null`. */
export function urlRefusal(url: URL): string | null {
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPrivateAddress(host) ? `names a private address (${host})` : null;
  if (host === 'localhost' || host.endsWith('.localhost')) return `names a private address (${host})`;
  return null;
}

/** The reason a URL may not be fetched, its host resolved and every answer checked, or `null`. */
export async function addressRefusal(url: URL, resolve: Resolve): Promise<string | null> {
  const refusal = urlRefusal(url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (refusal || isIP(host)) return refusal;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return `its host ${host} does not resolve`;
  }
  if (addresses.length === 0) return `its host ${host} does not resolve`;
  const inside = addresses.find(isPrivateAddress);
  return inside ? `its host ${host} resolves to a private address (${inside})` : null;
}
