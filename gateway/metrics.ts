/**
 * What `/metrics` shows Prometheus: tool calls by tool and outcome, their
 * latency, and HTTP responses by route and status. Counters live in memory
 * per instance (Prometheus sums instances); labels come only from the
 * catalogue and fixed route names, never from request data, so their
 * number is bounded.
 */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
};

/**
 * The series key of a label set on the request path: made once per
 * distinct set (their number is bounded, see above) rather than escaped and
 * joined again on every call. Each metric here is always given the same
 * label names, so their values alone tell one set from another.
 */
function seriesKeys() {
  const keys = new Map<string, string>();
  return (labels: Labels) => {
    const id = Object.values(labels).join('\u0000');
    let key = keys.get(id);
    if (key === undefined) keys.set(id, (key = labelText(labels)));
    return key;
  };
}

class Counter {
  private readonly values = new Map<string, number>();
  private readonly keyOf = seriesKeys();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1) {
    const key = this.keyOf(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.values].map(([l, v]) => `${this.name}${l} ${v}`)];
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  private readonly keyOf = seriesKeys();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Labels, seconds: number) {
    const key = this.keyOf(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, counts: LATENCY_BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) if (seconds <= LATENCY_BUCKETS_SECONDS[i]!) s.counts[i]!++;
    s.sum += seconds;
    s.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      LATENCY_BUCKETS_SECONDS.forEach((le, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(le) })} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`, `${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

export function createMetrics() {
  const toolCalls = new Counter('roserocket_mcp_tool_calls_total', 'Tool calls, by tool and outcome.');
  const toolLatency = new Histogram('roserocket_mcp_tool_call_duration_seconds', 'Tool call latency, upstream included.');
  const http = new Counter('roserocket_mcp_http_responses_total', 'HTTP responses, by route and status.');

  return {
    toolCall(tool: string, outcome: string, seconds: number) {
      toolCalls.inc({ tool, outcome });
      toolLatency.observe({ tool }, seconds);
    },
    httpResponse(route: string, status: number) {
      http.inc({ route, status: String(status) });
    },
    render(): string {
      const lines = [...toolCalls.render(), ...toolLatency.render(), ...http.render()];
      if (typeof process !== 'undefined' && typeof process.memoryUsage === 'function') {
        const memory = process.memoryUsage();
        const gauge = (name: string, help: string, value: number) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
        gauge('process_resident_memory_bytes', 'Resident memory.', memory.rss);
        gauge('nodejs_heap_size_total_bytes', 'JavaScript heap reserved.', memory.heapTotal);
        gauge('nodejs_heap_size_used_bytes', 'JavaScript heap in use.', memory.heapUsed);
        gauge('nodejs_external_memory_bytes', 'Memory of objects outside the heap (buffers).', memory.external);
      }
      return `${lines.join('\n')}\n`;
    },
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
