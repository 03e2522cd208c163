/**
 * `npx tsx bench/alternatives/metrics.ts`: the gateway's Prometheus metrics
 * (gateway/metrics.ts) against prom-client doing the same: per tool call a
 * counter and a histogram, per HTTP answer a counter; then one render. CPU
 * per recorded call and per render, the two taking turns.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { createMetrics } from '../../gateway/metrics.ts';

const TOOLS = Array.from({ length: 29 }, (_, i) => `tool_${i}`);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function promClient() {
  const registry = new Registry();
  const toolCalls = new Counter({ name: 'roserocket_mcp_tool_calls_total', help: 'Tool calls.', labelNames: ['tool', 'outcome'], registers: [registry] });
  const latency = new Histogram({ name: 'roserocket_mcp_tool_call_duration_seconds', help: 'Latency.', labelNames: ['tool'], buckets: BUCKETS, registers: [registry] });
  const http = new Counter({ name: 'roserocket_mcp_http_responses_total', help: 'HTTP.', labelNames: ['route', 'status'], registers: [registry] });
  return {
    toolCall(tool: string, outcome: string, seconds: number) {
      toolCalls.inc({ tool, outcome });
      latency.observe({ tool }, seconds);
    },
    httpResponse(route: string, status: number) {
      http.inc({ route, status: String(status) });
    },
    render: () => registry.metrics(),
  };
}

type Sink = { toolCall(tool: string, outcome: string, seconds: number): void; httpResponse(route: string, status: number): void; render(): string | Promise<string> };

async function measure(sink: Sink, calls: number) {
  let before = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    sink.toolCall(TOOLS[i % TOOLS.length]!, i % 7 === 0 ? 'upstream_error' : 'ok', (i % 100) / 1000);
    sink.httpResponse('mcp', 200);
  }
  let cpu = process.cpuUsage(before);
  const recordNs = ((cpu.user + cpu.system) * 1000) / calls;
  before = process.cpuUsage();
  for (let i = 0; i < 100; i++) await sink.render();
  cpu = process.cpuUsage(before);
  return { recordNs, renderUs: (cpu.user + cpu.system) / 100 };
}

const sinks: Record<string, () => Sink> = { 'hand-written (gateway/metrics.ts)': createMetrics, 'prom-client': promClient };
for (const make of Object.values(sinks)) await measure(make(), 200_000);
for (let round = 0; round < 3; round++) {
  for (const [name, make] of Object.entries(sinks)) {
    const { recordNs, renderUs } = await measure(make(), 1_000_000);
    console.log(`${name}: ${recordNs.toFixed(0)} ns CPU per tool call recorded, ${renderUs.toFixed(0)} µs per render`);
  }
}
