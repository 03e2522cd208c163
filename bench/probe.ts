/**
 * Loaded into every measured process (`node --import ./bench/probe.ts …`):
 * answers the benchmark's IPC questions about this process's own CPU time and
 * memory, so the figures belong to the process alone, not to the process tree.
 */
import { memoryUsage } from 'node:process';

export interface Usage {
  /** process.cpuUsage(), microseconds. */
  cpuUserUs: number;
  cpuSystemUs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Peak resident set since start (resourceUsage().maxRSS, reported in KiB). */
  maxRssBytes: number;
}

export function usage(): Usage {
  const cpu = process.cpuUsage();
  const memory = memoryUsage();
  return {
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

if (process.send) {
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type === 'usage') process.send!({ type: 'usage', id: message.id, usage: usage() });
  });
  // The IPC channel must not be what keeps a process alive once its server has closed.
  process.channel?.unref();
}
