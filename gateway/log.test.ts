import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchedWriter, jsonLogger, parseLogLevel } from './log.ts';

describe('jsonLogger', () => {
  it('writes one JSON object a line, dropping lines below its level', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line), { level: 'info', now: () => 0 });
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

const run = promisify(execFile);

describe('jsonLogger lines', () => {
  it('are the JSON of time, level, msg and the fields, the fields having the last word', () => {
    const lines: string[] = [];
    let at = Date.parse('2026-12-01T10:00:00.000Z');
    const logger = jsonLogger((line) => lines.push(line), { now: () => at });
    logger.log('info', 'tool_call', { tool: 'x', nested: { a: [1, 'two'] }, skipped: undefined, quote: 'say "hi"\n' });
    at += 1;
    logger.log('warn', 'odd', { msg: 'the field wins' });
    logger.log('error', 'bare', {});
    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: '2026-12-01T10:00:00.000Z', level: 'info', msg: 'tool_call', tool: 'x', nested: { a: [1, 'two'] }, quote: 'say "hi"\n' },
      { time: '2026-12-01T10:00:00.001Z', level: 'warn', msg: 'the field wins' },
      { time: '2026-12-01T10:00:00.001Z', level: 'error', msg: 'bare' },
    ]);
  });
});

describe('batchedWriter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands on the lines of one window in one write, and the next window in its own', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const sink = batchedWriter((text) => writes.push(text), { windowMs: 20 });
    sink.write('a\n');
    vi.advanceTimersByTime(10);
    sink.write('b\n');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(writes).toEqual(['a\nb\n']);
    sink.write('c\n');
    vi.advanceTimersByTime(19);
    expect(writes).toEqual(['a\nb\n']);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes at once when the pending text reaches its bound', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const sink = batchedWriter((text) => writes.push(text), { windowMs: 1000, maxPending: 6 });
    sink.write('abc\n');
    expect(writes).toEqual([]);
    sink.write('de\n');
    expect(writes).toEqual(['abc\nde\n']);
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual(['abc\nde\n']);
  });

  it('writes what is pending at once on flush, and nothing twice', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const sink = batchedWriter((text) => writes.push(text));
    sink.write('last words\n');
    sink.flush();
    expect(writes).toEqual(['last words\n']);
    vi.advanceTimersByTime(1000);
    sink.flush();
    expect(writes).toEqual(['last words\n']);
  });

  it('does not keep the process alive while a line waits, and a flush at exit writes it', async () => {
    // A window of a minute: the child only ends at once, with its line, if the timer is unref'd and exit flushes.
    const script = [
      `import { batchedWriter } from ${JSON.stringify(new URL('./log.ts', import.meta.url).href)};`,
      'const sink = batchedWriter((text) => process.stdout.write(text), { windowMs: 60_000 });',
      "process.on('exit', sink.flush);",
      "sink.write('waited\\n');",
    ].join('\n');
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(stdout).toBe('waited\n');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
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
