import { defineConfig } from 'vitest/config';

// `npm run test:package`: pack, install the tarball elsewhere, import it both ways, run the bin.
export default defineConfig({ test: { include: ['test/package.test.ts'], testTimeout: 60_000 } });
