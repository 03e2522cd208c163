/**
 * Where an integrated account created through the admin API may point the
 * gateway (`api_url`, `auth_url`). Without a policy the admin API is a way to
 * make the gateway call any address it can reach (Redis on loopback, a cloud
 * metadata service, the LAN) and read the answers back through tool results.
 *
 * - By default: Rose Rocket's own domains, over https.
 * - `UPSTREAM_ALLOWED_HOSTS` adds hosts (`rr.internal`), domains (`*.corp.example`)
 *   and addresses (`10.0.0.5`), over http or https: the operator vouches for them.
 * - Loopback, link-local, private and other special addresses are refused
 *   unless the host name or the address itself is listed, and that is checked
 *   again on the address a name resolves to when the connection is made
 *   (where the platform lets the gateway see it: its own sender on Node), so a
 *   name that later resolves elsewhere (DNS rebinding) is refused too.
 *
 * The operator's own `ROSEROCKET_*` account and the embedded mock are not
 * subject to it: the operator chose them.
 */
const ROSE_ROCKET_DOMAINS = ['roserocket.com'] as const;

export interface UpstreamHostPolicy {
  /** Why an account may not use `url`, in words for the admin API's 400; `null` when it may. */
  refusal(url: string): string | null;
  /** Whether a connection to `address`, which `hostname` resolved to (or is), may be made. */
  allowsAddress(hostname: string, address: string): boolean;
}

const bare = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

const underDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

function ipv4(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** Loopback, private, link-local, shared (CGNAT), unspecified, multicast and reserved IPv4. */
function specialIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && (b === 168 || b === 0)) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/** Whether `address` (an IP literal) is one no account may reach unless listed. Not an IP: false. */
export function isSpecialAddress(address: string): boolean {
  const host = bare(address);
  const v4 = ipv4(host);
  if (v4) return specialIpv4(v4);
  if (!host.includes(':')) return false;
  // IPv4-mapped and -compatible forms are the IPv4 address they carry.
  const mapped = /^(?:0*:)*(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(host) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const inner = mapped[2] === undefined ? ipv4(mapped[1]!) : [parseInt(mapped[1]!, 16) >> 8, parseInt(mapped[1]!, 16) & 255];
    return inner ? specialIpv4(inner) : true;
  }
  if (host === '::' || host === '::1') return true;
  const first = parseInt(host.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast; the rest of ::/8 is reserved or mapped.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || first === 0;
}

export function upstreamHostPolicy(listed: readonly string[]): UpstreamHostPolicy {
  const exact = new Set<string>();
  const domains: string[] = [];
  for (const entry of listed.map(bare).filter(Boolean)) {
    if (entry.startsWith('*.')) domains.push(entry.slice(2));
    else exact.add(entry);
  }
  const isListed = (host: string) => exact.has(host) || domains.some((domain) => underDomain(host, domain));
  const allowedText = `Rose Rocket's own domains (${ROSE_ROCKET_DOMAINS.join(', ')} and their subdomains, over https)${
    listed.length > 0 ? ` and UPSTREAM_ALLOWED_HOSTS (${listed.join(', ')})` : '; the operator can add hosts with UPSTREAM_ALLOWED_HOSTS'
  }`;

  return {
    refusal(value) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return 'must be an http(s) URL';
      }
      const host = bare(url.hostname);
      if (isListed(host)) return null;
      if (ROSE_ROCKET_DOMAINS.some((domain) => underDomain(host, domain)) && !isSpecialAddress(host)) {
        return url.protocol === 'https:' ? null : `must use https for ${host}`;
      }
      return `host ${JSON.stringify(host.slice(0, 100))} is not one the gateway may call: it calls ${allowedText}`;
    },
    allowsAddress(hostname, address) {
      if (!isSpecialAddress(address)) return true;
      // A special address only where the operator named it, or named the host exactly (not by a wildcard).
      return exact.has(bare(address)) || exact.has(bare(hostname));
    },
  };
}
