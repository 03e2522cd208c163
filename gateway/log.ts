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
}

export interface JsonLoggerOptions {
  /** Lines below this level are dropped; `info` by default (a line per tool call, none per HTTP request). */
  level?: LogLevel;
  now?: () => Date;
}

export function jsonLogger(write: (line: string) => void, { level = 'info', now = () => new Date() }: JsonLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  return {
    log(lineLevel, msg, fields) {
      if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
      write(`${JSON.stringify({ time: now().toISOString(), level: lineLevel, msg, ...fields })}\n`);
    },
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

export const silentLogger: Logger = { log() {} };
