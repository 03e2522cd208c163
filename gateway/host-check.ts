import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.ts';
import { rememberVerdicts } from './mcp/guard.ts';

/**
 * Which names the gateway answers to: the one rule, applied by the app to
 * every route (MCP, admin API, dashboard, OAuth, health, the embedded mock),
 * so it holds whatever the listener: Node's server on any address, the
 * bundle, or a fetch-handler host such as `deno serve`, which binds 0.0.0.0.
 *
 * - Not told its public address (`PUBLIC_URL` unset): loopback names only.
 *   Such a gateway was started for this machine; reached by a LAN address
 *   it would hand its admin API and demo to the network, and reached by a
 *   rebound DNS name it would answer a browser page from another site.
 * - Told its address, listening on loopback: loopback names and that
 *   address's host (a tunnel in front of a local gateway).
 * - Told its address, listening elsewhere: any name. The operator exposed it
 *   on purpose, and a proxy in front may pass its own name for it.
 */
export interface HostRuleSettings {
  /** `PUBLIC_URL` when the operator set it; `null` when the gateway made one up. */
  publicUrl: string | null;
  /** The address listened on (`HOST`); a fetch-handler host's is unknown, so not loopback. */
  listenHost: string;
}

/** A loopback name: `localhost`, `::1` or any 127.0.0.0/8 address (as the WHATWG URL parser writes them). */
export function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** `null` for any host, else whether a hostname may be answered. */
function acceptedHostnames({ publicUrl, listenHost }: HostRuleSettings): ((hostname: string) => boolean) | null {
  if (publicUrl === null) return isLoopbackName;
  if (!isLoopbackName(listenHost)) return null;
  const publicHost = new URL(publicUrl).hostname;
  return (hostname) => isLoopbackName(hostname) || hostname === publicHost;
}

/** What a refused request is told: the setting that would make the name it used valid. */
function refusalMessage({ publicUrl }: HostRuleSettings, hostname: string): string {
  if (publicUrl === null) {
    return `Host ${hostname} is not a loopback name, and this gateway answers only to localhost, 127.0.0.1 and [::1] until it is told its public address: set PUBLIC_URL to the address clients reach it at (for example https://mcp.example.com), or call it through localhost`;
  }
  return `Host ${hostname} is not this gateway's address: it listens on loopback and answers to localhost and PUBLIC_URL (${publicUrl}); set PUBLIC_URL to the address clients reach it at`;
}

/** The hostname of a `Host` header value, or `null` when it is not one. */
function hostnameOf(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname || null;
  } catch {
    return null;
  }
}

/**
 * The rule as a function of the `Host` value: `null` when it is answered,
 * else the refusal's message. A verdict is kept per distinct value (a client
 * sends the same one every time), and bounded against one that varies it.
 */
export function hostRule(settings: HostRuleSettings): (host: string) => string | null {
  const accepted = acceptedHostnames(settings);
  if (accepted === null) return () => null;
  return rememberVerdicts((host) => {
    const hostname = hostnameOf(host);
    if (hostname === null) return { ok: false, message: 'the Host header is not a host name' };
    return accepted(hostname) ? { ok: true } : { ok: false, message: refusalMessage(settings, hostname) };
  });
}

/**
 * 421 Misdirected Request: the request is fine, but this server is not set
 * up to answer for the name it was sent to (RFC 9110 §15.5.20). Not 403:
 * nothing about the caller is refused, and the fix is the operator's setting.
 */
export function misdirected(message: string): HttpError {
  return new HttpError(421, message);
}

/**
 * The `Host` header, or the request URL's host where there is none: Node's
 * server builds that from the header, and in-process requests (fetch-handler
 * hosts, tests) carry their address only there.
 */
export function requestHost(request: Request): string {
  return request.headers.get('host') ?? new URL(request.url).host;
}

/** The rule as the app's first middleware. */
export function hostCheck(settings: HostRuleSettings): MiddlewareHandler {
  const refusal = hostRule(settings);
  return async (c, next) => {
    const refused = refusal(requestHost(c.req.raw));
    if (refused !== null) return misdirected(refused).getResponse();
    await next();
  };
}
