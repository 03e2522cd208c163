import { describe, expect, it } from 'vitest';
import { batchedWriter, jsonLogger, parseLogLevel } from './log.ts';

describe('jsonLogger', () => {
  it('writes one JSON object a line, dropping lines below its level', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line), { level: 'info', now: () => new Date(0) });
    logger.log('debug', 'http', { path: '/healthz' });
    logger.log('info', 'tool_call', { tool: 'x' });
    logger.log('error', 'boom');
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"tool_call","tool":"x"}\n',
      '{"time":"1970-01-01T00:00:00.000Z","level":"error","msg":"boom"}\n',
    ]);
  });

  it('keeps debug lines at level debug', () => {
    const lines: string[] = [];
    jsonLogger((line) => lines.push(line), { level: 'debug' }).log('debug', 'http');
    expect(lines).toHaveLength(1);
  });

  it('says which levels it writes, for callers that skip making fields it would drop', () => {
    const logger = jsonLogger(() => {}, { level: 'warn' });
    expect((['debug', 'info', 'warn', 'error'] as const).map((level) => logger.enabled?.(level))).toEqual([false, false, true, true]);
  });
});

describe('batchedWriter', () => {
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('hands on the lines of one turn of the event loop in one write, and each later turn in its own', async () => {
    const writes: string[] = [];
    const sink = batchedWriter((text) => writes.push(text));
    sink.write('a\n');
    sink.write('b\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\n']);
    sink.write('c\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes what is pending at once on flush, and nothing twice', async () => {
    const writes: string[] = [];
    const sink = batchedWriter((text) => writes.push(text));
    sink.write('last words\n');
    sink.flush();
    expect(writes).toEqual(['last words\n']);
    await nextTurn();
    sink.flush();
    expect(writes).toEqual(['last words\n']);
  });
});

describe('parseLogLevel', () => {
  it('defaults to info and accepts the levels in any case', () => {
    expect(parseLogLevel(undefined)).toEqual({ level: 'info', warning: null });
    expect(parseLogLevel('DEBUG')).toEqual({ level: 'debug', warning: null });
  });

  it('falls back to info with a warning naming the bad value', () => {
    expect(parseLogLevel('loud')).toEqual({ level: 'info', warning: expect.stringContaining('LOG_LEVEL must be one of debug, info, warn, error, not "loud"') });
  });
});
