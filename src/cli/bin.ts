#!/usr/bin/env node
/** The `konpro-widget` executable. */
import { runCli } from './run-cli.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => controller.abort());
// `npx konpro-widget mock` runs this under npm, which exits on SIGTERM without passing it on: the
// orphaned process would keep serving. A new parent (re-parented to init) means "stop" too.
const parent = process.ppid;
const watchParent = setInterval(() => {
  if (process.ppid !== parent) controller.abort();
}, 250);
watchParent.unref();

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  signal: controller.signal,
});
clearInterval(watchParent);
