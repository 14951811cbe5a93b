/**
 * A cold start: a new Node process that imports the package and makes its first call, against one
 * that imports openapi-fetch alone and makes the same call. The figure is the child's own clock
 * (`performance.now()`, from process start) after the first answer.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { interleave, median } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

const SCRIPTS = {
  'konpro client': (url: string) => `
    const { createKonproClient } = await import(${JSON.stringify(`${ROOT}dist/index.js`)});
    await createKonproClient({ apiKey: 'sk-bench', baseUrl: ${JSON.stringify(url)} }).widgetSessions.get('session-789');
    console.log(performance.now());`,
  'openapi-fetch': (url: string) => `
    const { default: createClient } = await import(${JSON.stringify(`${ROOT}node_modules/openapi-fetch/dist/index.mjs`)});
    await createClient({ baseUrl: ${JSON.stringify(url)}, headers: { 'x-api-key': 'sk-bench' } }).GET('/v1/widget/sessions/{session_id}', { params: { path: { session_id: 'session-789' } } });
    console.log(performance.now());`,
};

export async function coldStart(url: string, rounds: number) {
  const results = await interleave(SCRIPTS, rounds, async (script) => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(url)]);
    return { ms: Number(stdout.trim()) };
  });
  const client = results['konpro client']!.map((r) => r.ms!);
  const bare = results['openapi-fetch']!.map((r) => r.ms!);
  return {
    clientMs: median(client),
    openapiFetchMs: median(bare),
    ratio: median(client.map((ms, i) => ms / bare[i]!)),
  };
}
