/**
 * `npm start`, the main job: create → get → delete a widget session with the typed client and
 * print each step. Against the embedded Prism mock by default; against the live API (or
 * KONPRO_BASE_URL) when KONPRO_API_KEY is set, deleting what it created.
 */

import { exitCodeFor } from '../src/cli/exit-codes.js';
import { describeCreated, describeDeleted, describeError, describeSession } from '../src/cli/format.js';
import { startPrism } from '../src/cli/start-prism.js';
import { createKonproClient, DEFAULT_BASE_URL, KonproConfigError } from '../src/index.js';
import { readEnv } from '../src/internal/config/env.js';
import { SPEC_FILE } from './load-spec.js';

const DOCS_AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const liveKey = readEnv('KONPRO_API_KEY');
const prism = liveKey ? undefined : await startPrism(SPEC_FILE);
const baseUrl = prism?.url ?? readEnv('KONPRO_BASE_URL') ?? DEFAULT_BASE_URL;
const avatar = liveKey ? readEnv('KONPRO_AGENTIC_AVATAR_ID') : DOCS_AVATAR;

console.log(
  prism
    ? `KonPro widget sessions: walkthrough against the embedded Prism mock of openapi/konpro.yaml (${baseUrl}).\nThe mock answers with the spec's examples, so the dates are the docs' 2024 ones.\n`
    : `KonPro widget sessions: walkthrough against ${baseUrl} (KONPRO_API_KEY is set).\n`,
);

let created: string | undefined;
let exitCode = 0;
try {
  if (!avatar)
    throw new KonproConfigError(
      'KONPRO_AGENTIC_AVATAR_ID',
      'is not set: the live walkthrough needs an agentic avatar of your account.',
    );
  const konpro = createKonproClient({ apiKey: liveKey ?? 'mock-key', baseUrl, validateResponses: true });
  const settings = { max_duration: 3600, allowed_domains: ['example.com'], features: { voice_input: false } };

  console.log(`1. create a session for avatar ${avatar}\n   settings ${JSON.stringify(settings)}`);
  const session = await konpro.widgetSessions.create({ agentic_avatar_id: avatar, settings });
  created = session.session_id;
  console.log(`${describeCreated(session)}\n`);

  console.log(`2. get ${session.session_id}`);
  console.log(`${describeSession(await konpro.widgetSessions.get(session.session_id))}\n`);

  console.log(`3. delete ${session.session_id}`);
  console.log(`${describeDeleted(await konpro.widgetSessions.delete(session.session_id))}\n`);
  created = undefined;
  console.log('Done: created, read and terminated one widget session.');
} catch (error) {
  console.error(describeError(error, false));
  exitCode = exitCodeFor(error); // the CLI's exit codes: 2 for a configuration error, 3 for an API error, …
  if (created && liveKey) {
    // Do not leave a live session behind when a later step failed.
    await createKonproClient({ apiKey: liveKey, baseUrl })
      .widgetSessions.delete(created)
      .catch(() => undefined);
  }
} finally {
  if (prism) {
    await prism.stop();
    console.log('Mock stopped.');
  }
}
process.exit(exitCode);
