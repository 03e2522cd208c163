/**
 * Structured logs: one JSON object a line. The sink is chosen by the entry
 * point (stderr always, so that stdout stays free for the stdio transport).
 * Nothing that could carry a credential is ever passed here: MCP URLs go
 * through `redactPath` (http-error.ts) first.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Whether a line at `level` would be written, for a caller whose fields cost something to make. Absent: every line is. */
  enabled?(level: LogLevel): boolean;
}

export interface JsonLoggerOptions {
  /** Lines below this level are dropped; `info` by default (a line per tool call, none per HTTP request). */
  level?: LogLevel;
  /** Epoch milliseconds, for each line's `time`. */
  now?: () => number;
}

/**
 * The line is put together from its parts rather than from one object made
 * of them all, and the time is formatted once per millisecond: a line is
 * logged on every tool call, and made the plain way it was ~19 µs of CPU
 * per call under load (`npm run bench`). Fields named `time`, `level` or
 * `msg` come after those, so JSON readers take the field's, as they did.
 */
export function jsonLogger(write: (line: string) => void, { level = 'info', now = Date.now }: JsonLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (lineLevel: LogLevel) => LOG_LEVELS.indexOf(lineLevel) >= threshold;
  let formattedAt = Number.NaN;
  let time = '';
  return {
    log(lineLevel, msg, fields) {
      if (!enabled(lineLevel)) return;
      const at = now();
      if (at !== formattedAt) {
        formattedAt = at;
        time = new Date(at).toISOString();
      }
      const rest = fields === undefined ? '{}' : JSON.stringify(fields);
      write(`{"time":"${time}","level":"${lineLevel}","msg":${JSON.stringify(msg)}${rest === '{}' ? '}' : `,${rest.slice(1)}`}\n`);
    },
    enabled,
  };
}

export interface BatchOptions {
  /** How long a line may wait for others; 20 ms by default. */
  windowMs?: number;
  /** Pending text that is written at once, without waiting out the window; 64 KiB by default. */
  maxPending?: number;
}

/**
 * A sink that gathers lines and hands them on in one write: the first line
 * after a write waits up to `windowMs` for others, unless they fill
 * `maxPending` first. The gateway logs a line per tool call; written one by
 * one, each was a system call of its own (the one a tool call made that a
 * bare proxy does not), and gathered per turn of the event loop only, the
 * writes still cost several µs of CPU per call under load. The timer does
 * not keep the process alive: `flush` writes what is pending at once (the
 * entry calls it at exit).
 */
export function batchedWriter(write: (text: string) => void, { windowMs = 20, maxPending = 64 * 1024 }: BatchOptions = {}) {
  let pending: string[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    write(text);
  };
  return {
    write(line: string) {
      pending.push(line);
      size += line.length;
      if (size >= maxPending) flush();
      else if (timer === undefined) {
        timer = setTimeout(flush, windowMs);
        (timer as { unref?: () => void }).unref?.();
      }
    },
    flush,
  };
}

/**
 * `LOG_LEVEL` as the entry reads it: unset means `info`. An unknown value
 * also means `info`, with a warning naming it, rather than a gateway that
 * won't start over its log volume.
 */
export function parseLogLevel(value: string | undefined): { level: LogLevel; warning: string | null } {
  if (!value) return { level: 'info', warning: null };
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  return level ? { level, warning: null } : { level: 'info', warning: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}"; using info` };
}

export const silentLogger: Logger = { log() {}, enabled: () => false };
