import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Which addresses the gateway itself may fetch on a stranger's say-so (a
 * client ID metadata document names any URL it likes): public ones only.
 * A URL naming a private, loopback, link-local or otherwise special address,
 * as a literal or through DNS, is refused before anything is sent.
 *
 * The answer DNS gives here is not pinned for the fetch that follows: a name
 * that changes its answer in between (DNS rebinding) is not stopped by this.
 */

export type Resolve = (hostname: string) => Promise<string[]>;

export const resolveWithDns: Resolve = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

function v4Private(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b < 128) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/** True for every address a public service cannot be at. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const kind = isIP(bare);
  if (kind === 4) return v4Private(bare);
  if (kind !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return v4Private(mapped[1]!);
  if (bare === '::' || bare === '::1') return true;
  const first = Number.parseInt(bare.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast; the rest of ::/8 is reserved or mapped.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || first === 0;
}

/** The reason a URL may not be fetched, or `null`. */
export async function addressRefusal(url: URL, resolve: Resolve): Promise<string | null> {
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPrivateAddress(host) ? `names a private address (${host})` : null;
  if (host === 'localhost' || host.endsWith('.localhost')) return `names a private address (${host})`;
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
