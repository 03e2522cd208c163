import { Agent, request as httpRequest } from 'node:http';

/**
 * A closed-loop load generator on plain `node:http` (keep-alive, one socket
 * per worker): each of `concurrency` workers sends its next request only when
 * the previous answer has been read completely. Cheaper per request than
 * `fetch`, so the generator steals as little CPU as it can from the servers
 * it shares the machine with.
 */
export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Absolute http URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface LoadResult {
  requests: number;
  failures: number;
  /** The first failure, for the report: a figure made of errors is no figure. */
  firstFailure: string | null;
  elapsedMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Every request's latency, ascending: slices of one measurement are merged from these. */
  latencies: Float64Array;
}

export function send(agent: Agent, spec: RequestSpec): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(spec.url);
    const headers = spec.body === undefined ? spec.headers : { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body)) };
    const req = httpRequest(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: spec.method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

export interface LoadOptions {
  concurrency: number;
  /** Stop after this long, or after `requests` answers, whichever comes first. */
  durationMs?: number;
  requests?: number;
  /** The request a worker sends next (called once per request, so it may alternate). */
  next: (n: number) => RequestSpec;
  /** Says what is wrong with an answer, or null when it is what a client wants. */
  check: (answer: Answer) => string | null;
  /** Called after every `every` completed requests (long runs sample memory here). */
  onProgress?: { every: number; call: (done: number) => Promise<void> };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  let issued = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  let paused: Promise<void> | null = null;
  const started = performance.now();
  const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : started + options.durationMs;

  async function worker() {
    while (issued < limit && performance.now() < deadline) {
      if (paused) await paused;
      const n = issued++;
      const t0 = performance.now();
      let problem: string | null;
      try {
        problem = options.check(await send(agent, options.next(n)));
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - t0);
      if (problem) {
        failures++;
        firstFailure ??= problem;
      }
      const progress = options.onProgress;
      if (progress && latencies.length % progress.every === 0) {
        // No worker starts a request while a sample is taken.
        const sample = progress.call(latencies.length);
        paused = sample.finally(() => (paused = null));
        await paused;
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const total = latencies.reduce((a, b) => a + b, 0);
  return {
    requests: latencies.length,
    failures,
    firstFailure,
    elapsedMs,
    requestsPerSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: total / Math.max(1, latencies.length),
    latencies: sorted,
  };
}
