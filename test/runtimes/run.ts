/** Bun and Deno: runs the bundled smoke test with the input in argv and prints its results as JSON. */
import { runSmoke, type SmokeInput } from './smoke.js';

declare const Deno: { args: string[] } | undefined;
declare const process: { argv: string[] } | undefined;

const args = typeof Deno === 'undefined' ? process!.argv.slice(2) : Deno.args;
console.log(JSON.stringify(await runSmoke(JSON.parse(args[0]!) as SmokeInput)));
