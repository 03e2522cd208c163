/**
 * Redirect URIs a client may register (RFC 9700 §2.1, RFC 8252, OAuth 2.1
 * §2.3.1): https anywhere; plain http only to this machine's loopback
 * (`127.0.0.1`, `[::1]`, `localhost`), where native apps and CLI clients
 * listen; a native app's private-use scheme (`com.example.app:/cb`). Never a
 * fragment, credentials, or a scheme that runs code (`javascript:`, `data:`).
 *
 * Matching is exact string comparison, with the one exception OAuth 2.1
 * makes: for a loopback IP literal over http the port may differ, since a
 * native client listens on whatever port the OS gives it that time.
 */

const LOOPBACK_IPS = new Set(['127.0.0.1', '[::1]']);
const LOOPBACK_HOSTS = new Set([...LOOPBACK_IPS, 'localhost']);
/** Reverse-domain private-use schemes (RFC 8252 §7.1): at least one dot. */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

/** Why a URI cannot be a redirect URI, or `null`. */
export function redirectUriProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value.slice(0, 100))} is not an absolute URI`;
  }
  if (url.hash || value.includes('#')) return `${url.origin}${url.pathname}: must not have a fragment`;
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname) ? null : `${value}: plain http is only allowed to loopback (127.0.0.1, [::1], localhost); use https`;
  }
  return PRIVATE_USE_SCHEME.test(url.protocol) ? null : `${url.protocol} is not an allowed scheme (https, http to loopback, or a reverse-domain scheme)`;
}

function withoutPort(url: URL): string {
  const copy = new URL(url.href);
  copy.port = '';
  return copy.href;
}

/** Whether the requested redirect URI is one the client registered. */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_IPS.has(url.hostname)) return false;
  const loose = withoutPort(url);
  return registered.some((candidate) => {
    try {
      const known = new URL(candidate);
      return known.protocol === 'http:' && known.hostname === url.hostname && withoutPort(known) === loose;
    } catch {
      return false;
    }
  });
}
