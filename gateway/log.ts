/**
 * Structured logs: one JSON object a line. The sink is chosen by the entry
 * point (stderr always, so that stdout stays free for the stdio transport).
 * Nothing that could carry a credential is ever passed here: MCP URLs go
 * through `redactPath` (http-error.ts) first.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

export function jsonLogger(write: (line: string) => void, now: () => Date = () => new Date()): Logger {
  return {
    log(level, msg, fields) {
      write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };

