import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test`: everything with the fast path on
 * (the default), and the end-to-end and conformance suites again with it
 * off (`MCP_FAST_PATH=off`), so that both ways of answering a tool call
 * stay tested whole. Tests read the setting with `inject('fastPath')`.
 */
const E2E = ['test/e2e/**/*.test.ts', 'test/conformance/**/*.test.ts'];

export default defineConfig({
  test: {
    // Says so when the Redis-backed tests are skipped for want of a redis-server.
    globalSetup: ['test/support/redis-notice.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast-path-on',
          include: ['test/**/*.test.ts', 'mock-roserocket/**/*.test.ts', 'gateway/**/*.test.ts', 'tools/**/*.test.ts'],
          provide: { fastPath: 'on' },
        },
      },
      {
        extends: true,
        test: {
          name: 'fast-path-off',
          include: E2E,
          // It compares the two ways itself.
          exclude: ['test/e2e/fast-path.test.ts'],
          provide: { fastPath: 'off' },
        },
      },
    ],
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    fastPath: 'on' | 'off';
  }
}
