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
  now?: () => Date;
}

export function jsonLogger(write: (line: string) => void, { level = 'info', now = () => new Date() }: JsonLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (lineLevel: LogLevel) => LOG_LEVELS.indexOf(lineLevel) >= threshold;
  return {
    log(lineLevel, msg, fields) {
      if (!enabled(lineLevel)) return;
      write(`${JSON.stringify({ time: now().toISOString(), level: lineLevel, msg, ...fields })}\n`);
    },
    enabled,
  };
}

/**
 * A sink that gathers the lines of one turn of the event loop and hands them
 * on in one write. The gateway logs a line per tool call, and written one by
 * one each line was a system call of its own: the one a tool call makes that
 * a bare proxy does not. A line waits no longer than the end of the turn it
 * was logged in; `flush` writes what is pending at once (at exit).
 */
export function batchedWriter(write: (text: string) => void): { write(line: string): void; flush(): void } {
  let pending: string[] = [];
  const later: (run: () => void) => unknown = globalThis.setImmediate ?? ((run) => setTimeout(run, 0));
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  return {
    write(line) {
      if (pending.push(line) === 1) later(flush);
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
