// One file each, not the index, which loads all of prom-client (see deep-imports.d.ts).
import Counter from 'prom-client/lib/counter.js';
import Gauge from 'prom-client/lib/gauge.js';
import Histogram from 'prom-client/lib/histogram.js';
import Registry from 'prom-client/lib/registry.js';

/**
 * What `/metrics` shows Prometheus: tool calls by tool and outcome, their
 * latency, and HTTP responses by route and status. Counters live in memory
 * per instance (Prometheus sums instances); labels come only from the
 * catalogue and fixed route names, never from request data, so their
 * number is bounded.
 *
 * prom-client, on Node and Deno alike. A hand-written renderer stood here
 * before; measured against it (`npx tsx bench/alternatives/metrics.ts`), it
 * recorded a tool call in ~0.4-0.8 µs of CPU where prom-client takes
 * ~1.1-1.4 µs: under 1 µs of a tool call's ~200 µs, too little to keep
 * code of our own for.
 */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics() {
  // A registry per gateway, not prom-client's global one: tests build many gateways in one process.
  const registry = new Registry();
  const registers = [registry];
  const toolCalls = new Counter({ name: 'roserocket_mcp_tool_calls_total', help: 'Tool calls, by tool and outcome.', labelNames: ['tool', 'outcome'], registers });
  const toolLatency = new Histogram({
    name: 'roserocket_mcp_tool_call_duration_seconds',
    help: 'Tool call latency, upstream included.',
    labelNames: ['tool'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  const http = new Counter({ name: 'roserocket_mcp_http_responses_total', help: 'HTTP responses, by route and status.', labelNames: ['route', 'status'], registers });
  const refusals = new Counter({
    name: 'roserocket_mcp_rate_limit_refusals_total',
    help: "Tool calls the gateway answered 429 itself, by scope: a URL's own limit, or an account held until upstream's reset.",
    labelNames: ['scope'],
    registers,
  });

  // prom-client's default process metrics read /proc and node internals Deno lacks; these four read only `process.memoryUsage`.
  const memory = (name: string, help: string, read: (usage: NodeJS.MemoryUsage) => number) =>
    new Gauge({ name, help, registers, collect() { this.set(read(process.memoryUsage())); } });
  if (typeof process !== 'undefined' && typeof process.memoryUsage === 'function') {
    memory('process_resident_memory_bytes', 'Resident memory.', (m) => m.rss);
    memory('nodejs_heap_size_total_bytes', 'JavaScript heap reserved.', (m) => m.heapTotal);
    memory('nodejs_heap_size_used_bytes', 'JavaScript heap in use.', (m) => m.heapUsed);
    memory('nodejs_external_memory_bytes', 'Memory of objects outside the heap (buffers).', (m) => m.external);
  }

  return {
    toolCall(tool: string, outcome: string, seconds: number) {
      toolCalls.inc({ tool, outcome });
      toolLatency.observe({ tool }, seconds);
    },
    rateLimitRefusal(scope: string) {
      refusals.inc({ scope });
    },
    httpResponse(route: string, status: number) {
      http.inc({ route, status: String(status) });
    },
    /** The exposition text. */
    render: (): Promise<string> => registry.metrics(),
    contentType: registry.contentType,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The route label of a path: a fixed name, never the path itself (which may hold a token). */
export function routeOf(path: string): string {
  if (path.startsWith('/mcp/')) return 'mcp';
  if (path.startsWith('/integrated-account') || path.startsWith('/api-token')) return 'admin';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path.slice(1);
  if (path.startsWith('/__mock-roserocket')) return 'mock';
  return 'other';
}
