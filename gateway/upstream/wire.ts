/**
 * What crosses the upstream client's edges, as types only: the request a
 * tool declares and the answer it gets (tools/define.ts re-exports them for
 * tools), and one attempt as a sender carries it. No module here imports
 * another, so every other upstream module can import this one.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/**
 * One call to the Rose Rocket API, relative to the platform-model base
 * (`…/api/v2/platformModel`). Path segments are encoded by the client, never
 * by string concatenation; query values that are `undefined` or `null` are
 * left out and arrays are sent comma-joined.
 */
export interface UpstreamRequest {
  method: HttpMethod;
  path: readonly string[];
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export interface UpstreamResponse<T = unknown> {
  status: number;
  body: T;
}

export type Fetch = (input: Request) => Promise<Response>;

/** One attempt's request, already serialised, so any transport can carry it and a retry can resend it. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** The most of the answer's body read, raw and decompressed alike; past it the answer is dropped (`AnswerTooLarge`, transport.ts). */
  maxAnswerBytes?: number;
  /**
   * Whether a connection to `address`, which the URL's `hostname` resolved to
   * (or is), may be made (host-policy.ts). The node:http sender checks it as
   * the socket is made; absent, anywhere.
   */
  allowsAddress?: (hostname: string, address: string) => boolean;
  /**
   * How the node:http sender resolves the host for `allowsAddress` (the system's resolver when
   * absent). It resolves once, checks every answer, and connects to one of those it checked:
   * what was checked is what is connected to, with the URL's own Host and TLS server name.
   */
  resolve?: (hostname: string) => Promise<string[]>;
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
 * status (refused, reset, stopped) rejects; `exchange` (transport.ts)
 * classifies it. The sender hands `onStop` the way to stop the attempt, which
 * `exchange` calls if it stops waiting (its timeout).
 *
 * A callback rather than an AbortSignal: on Node 20 each AbortSignal is a
 * transferable native object that young-generation GCs cannot free, and one
 * per upstream call took what it referenced into the old generation with it.
 */
export type Send = (request: OutgoingRequest, onStop: (stop: () => void) => void) => Promise<Exchange>;
