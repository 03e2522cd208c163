import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundHeapGrowth } from './platform.ts';

vi.mock('node:v8', async (original) => ({ ...(await original<typeof import('node:v8')>()), setFlagsFromString: vi.fn() }));

describe('boundHeapGrowth', () => {
  afterEach(() => vi.mocked(setFlagsFromString).mockClear());

  it('bounds how far V8 lets the heap grow past its live size', () => {
    boundHeapGrowth(undefined);
    expect(setFlagsFromString).toHaveBeenCalledExactlyOnceWith('--heap-growing-percent=30');
  });

  it.each(['--heap-growing-percent=50', '--max-old-space-size=512 --heap_growing_percent=80'])('leaves the choice made in NODE_OPTIONS alone: %s', (options) => {
    boundHeapGrowth(options);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
