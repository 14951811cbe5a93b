import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The builds below run in parallel, so none of them may clean dist/ (it would delete the others'
// output): it is emptied once, here, before they start.
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  {
    // The library, its testing kit, its server handler and the handler's Redis state: ESM and CommonJS, with types.
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      server: 'src/server/index.ts',
      redis: 'src/redis/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // The page's helper: no Node API, no dependency, for browsers (checked by `npm run size`).
    entry: { browser: 'src/browser/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'es2020',
    platform: 'browser',
  },
  {
    // The `konpro-widget` executable (ESM; it keeps its #! line).
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
  },
]);
