/**
 * `npm run check:package` (CI): the package as consumers see it. publint checks package.json
 * against what is packed; @arethetypeswrong/cli resolves every entry point (`.`, `./testing`)
 * from ESM and CommonJS, under node10, node16 and bundler resolution, types included.
 */
import { spawnSync } from 'node:child_process';

const run = (command: string, args: string[]) => {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
};
const failed = [
  run('npx', ['--no-install', 'publint', '--strict']),
  run('npx', ['--no-install', 'attw', '--pack', '.']),
].some((status) => status !== 0);
process.exit(failed ? 1 : 0);
