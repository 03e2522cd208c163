import { UpstreamNetworkError, UpstreamTimeoutError, UpstreamTooLargeError } from './errors.ts';
import type { Exchange, Fetch, OutgoingRequest, Send } from './wire.ts';

/** The default of `UPSTREAM_MAX_BYTES`: well above any page of records Rose Rocket sends, far below what would strain the process. */
export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** A sender's refusal to read on: the answer's body passed `limit` bytes (as sent, or once decompressed). */
export class AnswerTooLarge extends Error {
  override readonly name = 'AnswerTooLarge';
  constructor(
    readonly limit: number,
    readonly status: number,
  ) {
    super(`the answer's body is larger than ${limit} bytes`);
  }
}

/** A `Send` over a fetch function: an injected one (tests, the embedded mock), or the platform's off Node. */
export function fetchSend(fetchFn: Fetch): Send {
  return async (request, onStop) => {
    const controller = new AbortController();
    onStop(() => controller.abort());
    const response = await fetchFn(
      new Request(request.url, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal }),
    );
    const limit = request.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const text = await readCapped(response, limit).catch((error: unknown) => {
      controller.abort();
      throw error;
    });
    return { status: response.status, headers: response.headers, text };
  };
}

/**
 * The body as text, read no further than `limit` bytes. fetch hands out the
 * body decompressed, so the count is of what the answer inflates to: a gzip
 * bomb stops at the limit like a plain body does.
 */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) throw new AnswerTooLarge(limit, response.status);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AnswerTooLarge(limit, response.status);
    }
    text += decoder.decode(value, { stream: true });
  }
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
      if (error instanceof AnswerTooLarge) return reject(new UpstreamTooLargeError(error.limit, error.status, operation));
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

/** A JSON object (not an array, not null): what answers and messages are checked to be before they are read. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
