import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests import the package by its own names, as users do.
    alias: [
      { find: /^konpro-widget-sessions$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      ...['testing', 'server', 'browser', 'redis'].map((entry) => ({
        find: new RegExp(`^konpro-widget-sessions/${entry}$`),
        replacement: fileURLToPath(new URL(`./src/${entry}/index.ts`, import.meta.url)),
      })),
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Packing and installing runs as its own CI step: npm run test:package.
    exclude: ['test/package.test.ts'],
    globalSetup: ['test/setup/prism.ts'],
    testTimeout: 15_000,
    // The client's warnings (a call that needed retries) would flood the output; tests of the log
    // set logLevel themselves.
    env: { KONPRO_LOG: 'off' },
    // Most tests wait on sockets, timers and child processes rather than the CPU, so more
    // workers than the 2 cores overlap those waits.
    maxWorkers: 4,
  },
});
