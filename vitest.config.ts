import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and integration tests against real
// servers (ejabberd, Prosody) that run serially because they share those servers.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'it',
          include: ['test/it/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
          globalSetup: ['test/it/global-setup.ts'],
        },
      },
    ],
  },
});
