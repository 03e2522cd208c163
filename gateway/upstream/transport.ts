import { UpstreamNetworkError, UpstreamTimeoutError } from './errors.ts';

export type Fetch = (input: Request) => Promise<Response>;

/** A complete answer: the body is read inside the same timeout as the headers. */
export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One attempt: send, read the whole body, and classify what went wrong with
 * no status (timeout vs network). A slow body is as much a timeout as a slow
 * connect, so the timer runs until the last byte. The timer is raced as well
 * as signalled: an injected fetch, or a mocked body stream, may ignore the
 * abort signal, and must not hang the caller.
 */
export async function exchange(
  fetchFn: Fetch,
  /** Builds the request with the attempt's abort signal: one `Request` per attempt, not a copy of one. */
  request: (signal: AbortSignal) => Request,
  timeoutMs: number,
  operation: string,
): Promise<Exchange> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new UpstreamTimeoutError(timeoutMs, operation));
    }, timeoutMs);
  });
  timedOut.catch(() => {}); // observed through the races below; never unhandled
  try {
    const response = await Promise.race([fetchFn(request(controller.signal)), timedOut]);
    const text = await Promise.race([response.text(), timedOut]);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (controller.signal.aborted) throw new UpstreamTimeoutError(timeoutMs, operation);
    throw new UpstreamNetworkError(`Could not reach Rose Rocket for ${operation}: ${reason(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

export type Json = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): Json {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in `cause`. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : '';
  return code ? `${error.message} (${code})` : error.message;
}
