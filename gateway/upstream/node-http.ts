import dns from 'node:dns';
import http from 'node:http';
import { isIP } from 'node:net';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import pkg from '../../package.json' with { type: 'json' };
import type { Exchange, OutgoingRequest, ResponseHeaders, Send } from './wire.ts';
import { AnswerTooLarge, DEFAULT_MAX_ANSWER_BYTES } from './transport.ts';

/**
 * The upstream sender on Node. The gateway makes one upstream call per MCP
 * tools/call, and on loopback Node's global fetch (undici) spent ~300-400 µs
 * of CPU per GET where node:http with a keep-alive agent spent ~110-125 µs.
 *
 * Kept against undici's `request` (2026-12-02, one sitting, machine loaded):
 * - CPU per GET at concurrency 32 (`npx tsx bench/alternatives/senders.ts`):
 *   this sender 97 µs; undici's `Agent.request` as a `Send` 93 µs when each
 *   attempt carries an AbortSignal to stop it, 50 µs when its own
 *   `headersTimeout`/`bodyTimeout` end it instead (and before the size cap,
 *   decompression, the stale-socket retry and the address guard, which a
 *   `Send` over undici would still need). At best ~45 µs of the 365-560 µs
 *   of gateway CPU a tools/call costs (bench/README.md): under 15%.
 * - Start-up: undici bundled is +739 KiB (1,581 -> 2,320 KiB, +47%), and
 *   loading it costs +54 ms of CPU (median of 11, 325 -> 379 ms) before the
 *   first call, where start-up already misses its 500 ms target. Node's own
 *   undici (behind `fetch`, `Request`, `Response`) cannot be imported on Node
 *   20, so the bundle would carry a second copy.
 * So this one stays until start-up has room for undici (Node 22's compile
 * cache, or a start-up well under target): then an undici `Send` with the
 * guarantees the tests below hold is the simpler sender.
 *
 * `http.request` is looked up on the module at each call, never destructured:
 * msw intercepts node:http by patching the module object.
 */
export const nodeHttpSend: Send = (request, onStop) => send(request, onStop, request.allowsAddress && guardOf(request.allowsAddress, request.resolve));

type AllowsAddress = (hostname: string, address: string) => boolean;
type Resolve = (hostname: string) => Promise<string[]>;

/** The system's resolver, as node:http would ask it: every address, of the family asked for. */
const systemLookup = (hostname: string, options: dns.LookupOptions, done: (error: Error | null, addresses: dns.LookupAddress[]) => void) =>
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => done(error, addresses ?? []));

/** A resolver of the caller's (the OAuth document fetch's), in the same shape. */
const lookupWith = (resolve: Resolve) => (hostname: string, options: dns.LookupOptions, done: (error: Error | null, addresses: dns.LookupAddress[]) => void) =>
  resolve(hostname).then(
    (answers) => {
      const addresses = answers.map((address) => ({ address, family: isIP(address) })).filter((a) => a.family !== 0 && (!options.family || a.family === options.family));
      done(addresses.length ? null : Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), addresses);
    },
    (error: Error) => done(error, []),
  );

/** One guard per policy and resolver (every admin-made account shares the gateway's), not one per request. */
const guards = new WeakMap<AllowsAddress, Guard>();
const guardsByResolver = new WeakMap<Resolve, WeakMap<AllowsAddress, Guard>>();

/**
 * A request with `allowsAddress` connects only to addresses it accepts: the
 * address a name resolves to is checked as the socket is made (a name that
 * resolves to loopback today is refused, whatever it resolved to when the
 * account was made), and an address given as the host is checked before.
 * The lookup is node's own hook, so the socket connects to the address that
 * was checked, and Host and SNI stay the URL's name.
 */
function guardOf(allowsAddress: AllowsAddress, resolve?: Resolve): Guard {
  let cache = guards;
  if (resolve) {
    cache = guardsByResolver.get(resolve) ?? new WeakMap();
    guardsByResolver.set(resolve, cache);
  }
  let guard = cache.get(allowsAddress);
  if (guard) return guard;
  const lookup = resolve ? lookupWith(resolve) : systemLookup;
  guard = {
    allowsAddress,
    lookup: (hostname, options, callback) =>
      lookup(hostname, options, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const refused = addresses.find((a) => !allowsAddress(hostname, a.address));
        if (refused) return callback(addressRefused(hostname, refused.address), '', 0);
        // node asked for all addresses (autoSelectFamily) or for one.
        if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      }),
  };
  cache.set(allowsAddress, guard);
  return guard;
}

interface Guard {
  allowsAddress: AllowsAddress;
  lookup: NonNullable<http.RequestOptions['lookup']>;
}

const addressRefused = (hostname: string, address: string) =>
  Object.assign(new Error(`${hostname} is at ${address}, an address the gateway does not call (loopback, private or link-local; see UPSTREAM_ALLOWED_HOSTS)`), {
    code: 'EADDRREFUSED_BY_POLICY',
    address,
  });

function send(request: OutgoingRequest, onStop: (stop: () => void) => void, guard: Guard | undefined): Promise<Exchange> {
  const call: Call = { stopped: false, guard };
  onStop(() => {
    call.stopped = true;
    call.inFlight?.destroy(new Error('stopped: no answer in time'));
  });
  return attempt(request, true, call);
}

/** What the attempts of one call share: whether it was stopped, the request in flight, and the address guard. */
interface Call {
  stopped: boolean;
  inFlight?: http.ClientRequest;
  guard: Guard | undefined;
}

/**
 * Shared by every account, so connections are pooled per upstream host. A free
 * socket is closed after 4 s idle, under the 5 s keep-alive timeout of Node
 * servers and many proxies, so the pool seldom hands out one the server is
 * closing. The timeout never cuts an answer short: the agent only destroys
 * sockets in its free list, and the exchange's timer owns the request's time.
 */
const IDLE_SOCKET_MS = 4_000;
const httpAgent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
const httpsAgent = new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

/** The gateway names itself to Rose Rocket, and asks for compressed answers as undici's fetch did unasked. */
const USER_AGENT = `roserocket-mcp/${pkg.version}`;
const ACCEPT_ENCODING = 'gzip, br';

/** Each stops inflating at `maxOutputLength` (ERR_BUFFER_TOO_LARGE): a small gzip bomb never becomes a big buffer. */
const DECODERS: Record<string, ((body: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>) | undefined> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  br: promisify(zlib.brotliDecompress),
};

/**
 * Sent again after a stale keep-alive socket: only what reads. Idempotent
 * writes (PUT, DELETE) are not, though HTTP allows it: the server may have
 * acted on the first copy, and a second DELETE then answers 404 for a record
 * it did delete, which the model would read as "nothing was deleted".
 */
const SAFE = new Set(['GET', 'HEAD']);
/** What writing to, or reading from, a socket the server has already closed gives. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

/** As `Response.text()` decodes: invalid bytes become U+FFFD and a BOM is dropped. */
const utf8 = new TextDecoder();

/** Where a request goes, as node:http takes it: the URL's parts, the way node itself would derive them. */
interface Target {
  protocol: string;
  hostname: string;
  port: string;
  /** Path and query. */
  path: string;
}

const originOf = (url: URL): Omit<Target, 'path'> => ({
  protocol: url.protocol,
  hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
  port: url.port,
});

/**
 * A path and query that parsing as a URL would leave exactly as they are:
 * only characters it keeps, and no `.` or `..` segment for it to resolve.
 */
const KEPT_AS_IS = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i;

/** `scheme://host[:port]` and nothing else (no credentials, nothing after). */
const PLAIN_ORIGIN = /^https?:\/\/[^/?#@\\]+$/i;

/** Origins seen, parsed once each: a gateway talks to one or two hosts per account. */
const origins = new Map<string, Omit<Target, 'path'>>();
const MAX_ORIGINS = 64;

function originParts(origin: string): Omit<Target, 'path'> | undefined {
  let parts = origins.get(origin);
  if (parts === undefined) {
    if (!PLAIN_ORIGIN.test(origin)) return undefined;
    parts = originOf(new URL(origin));
    if (origins.size >= MAX_ORIGINS) origins.clear();
    origins.set(origin, parts);
  }
  return parts;
}

/**
 * The target of `url`. The URLs the client sends are already canonical
 * (request.ts builds them from a parsed base and encoded segments), so only
 * their origin is parsed, once: a `new URL` per upstream call was ~5 µs of
 * CPU under load. Any other URL is parsed whole.
 */
function targetOf(url: string): Target {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const path = url.slice(slash);
  const parts = slash === -1 || !KEPT_AS_IS.test(path) || DOT_SEGMENT.test(path) ? undefined : originParts(url.slice(0, slash));
  if (parts) return { protocol: parts.protocol, hostname: parts.hostname, port: parts.port, path };
  const parsed = new URL(url);
  return { ...originOf(parsed), path: `${parsed.pathname}${parsed.search}` };
}

function attempt(request: OutgoingRequest, pooled: boolean, call: Call): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const { protocol, hostname, port, path } = targetOf(request.url);
    const { guard } = call;
    // An address as the host is never looked up, so never reaches the guard's lookup.
    if (guard && isIP(hostname) && !guard.allowsAddress(hostname, hostname)) return reject(addressRefused(hostname, hostname));
    const secure = protocol === 'https:';
    // Copied key by key: object spreads here were ~8 µs of CPU per call under load.
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': ACCEPT_ENCODING };
    for (const name in request.headers) headers[name] = request.headers[name]!;
    let answered = false;
    const options: http.RequestOptions = { protocol, hostname, port, path, method: request.method, headers, agent: pooled ? (secure ? httpsAgent : httpAgent) : false };
    if (guard) options.lookup = guard.lookup;
    const req = (secure ? https : http).request(options, (res) => {
      answered = true;
      readText(res, request.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES).then((text) => resolve({ status: res.statusCode!, headers: headerView(res), text }), reject);
    });
    call.inFlight = req;
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The keep-alive race: the server closed an idle socket just as this request went out on it.
      // No answer began, but the server may still have acted, so only a read (GET) goes
      // again, once, on a connection of its own (unpooled: other free sockets may be just as dead).
      const stale = !answered && req.reusedSocket && STALE_SOCKET.has(error.code ?? '');
      if (stale && SAFE.has(request.method) && !call.stopped) resolve(attempt(request, false, call));
      else reject(error);
    });
    // The body in one `end`: node then sends its content-length, as fetch did, rather than chunks.
    req.end(request.body ?? undefined);
  });
}

/** The whole body, decompressed when it came compressed (fetch did that too); at most `limit` bytes, sent or inflated. */
async function readText(res: http.IncomingMessage, limit: number): Promise<string> {
  const body = await readBody(res, limit);
  const decode = DECODERS[res.headers['content-encoding']?.trim().toLowerCase() ?? ''];
  // An empty body (a 204, a HEAD) says it is gzip yet is no gzip stream at all.
  if (!decode || body.length === 0) return utf8.decode(body);
  const inflated = await decode(body, { maxOutputLength: limit }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ERR_BUFFER_TOO_LARGE' ? new AnswerTooLarge(limit, res.statusCode!) : error;
  });
  return utf8.decode(inflated);
}

/**
 * Read with events: an async iterator costs a promise per chunk, on every
 * upstream answer. Past `limit` bytes (declared, or counted) the connection
 * is dropped: nothing more is read, and the socket is not reused.
 */
function readBody(res: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      res.destroy();
      reject(new AnswerTooLarge(limit, res.statusCode!));
    };
    if (Number(res.headers['content-length']) > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return tooLarge();
      chunks.push(chunk);
    });
    res.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // A connection that drops mid-answer ends it with 'error' (ECONNRESET, "aborted"), never 'end'.
    res.on('error', reject);
  });
}

/** `Headers.get` over node's response: `res.headers` keeps only the first of some repeated fields, `headersDistinct` keeps all. */
function headerView(res: http.IncomingMessage): ResponseHeaders {
  return { get: (name) => res.headersDistinct[name.toLowerCase()]?.join(', ') ?? null };
}
