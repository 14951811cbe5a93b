import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library and its testing kit (`konpro-widget-sessions/testing`): ESM and CommonJS, with types.
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // The `konpro-widget` executable (ESM; it keeps its #! line).
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
  },
]);
