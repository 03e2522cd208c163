import { UpstreamNetworkError, UpstreamTimeoutError } from './errors.ts';

export type Fetch = (input: Request) => Promise<Response>;

/** One attempt's request, already serialised, so any transport can carry it and a retry can resend it. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** The one thing read from response headers; `Headers` has it, and so has the node:http sender's view. */
export interface ResponseHeaders {
  /** Case-insensitive; repeated fields joined with ", ", as `Headers.get` does. */
  get(name: string): string | null;
}

/** A complete answer: the body is read inside the same timeout as the headers. */
export interface Exchange {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

/**
 * Sends one request and reads the whole answer as UTF-8. Any failure with no
 * status (refused, reset, stopped) rejects; `exchange` classifies it. The
 * sender hands `onStop` the way to stop the attempt, which `exchange` calls
 * if it stops waiting (its timeout).
 *
 * A callback rather than an AbortSignal: on Node 20 each AbortSignal is a
 * transferable native object that young-generation GCs cannot free, and one
 * per upstream call took what it referenced into the old generation with it.
 */
export type Send = (request: OutgoingRequest, onStop: (stop: () => void) => void) => Promise<Exchange>;

/** A `Send` over a fetch function: an injected one (tests, the embedded mock), or the platform's off Node. */
export function fetchSend(fetchFn: Fetch): Send {
  return async (request, onStop) => {
    const controller = new AbortController();
    onStop(() => controller.abort());
    const response = await fetchFn(
      new Request(request.url, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal }),
    );
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
}

/**
 * One attempt: send, read the whole body, and classify what went wrong with
 * no status (timeout vs network). A slow body is as much a timeout as a slow
 * connect, so the timer runs until the last byte. The timer settles the call
 * itself as well as stopping the attempt: an injected fetch, or a mocked body
 * stream, may ignore the abort, and must not hang the caller. (One promise
 * settled by whichever comes first, rather than a race of two: this is on
 * every tool call's path.)
 */
export function exchange(send: Send, request: OutgoingRequest, timeoutMs: number, operation: string): Promise<Exchange> {
  // Whichever settles the promise first wins; what comes after (the stopped attempt's own failure) is ignored.
  return new Promise((resolve, reject) => {
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => {
      stop?.();
      reject(new UpstreamTimeoutError(timeoutMs, operation));
    }, timeoutMs);
    const failed = (error: unknown) => {
      clearTimeout(timer);
      reject(new UpstreamNetworkError(`Could not reach Rose Rocket for ${operation}: ${reason(error)}`, { cause: error }));
    };
    try {
      send(request, (how) => (stop = how)).then((answer) => {
        clearTimeout(timer);
        resolve(answer);
      }, failed);
    } catch (error) {
      failed(error);
    }
  });
}

export type Json = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): Json {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The error's message with its code (ECONNREFUSED, ENOTFOUND) when the
 * message does not already name it. Node's fetch says only "fetch failed" and
 * keeps the code in `cause`; node:http says "socket hang up" with the code on
 * the error itself.
 */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = codeOf(error.cause) ?? codeOf(error);
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

function codeOf(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error && error.code ? String(error.code) : undefined;
}
