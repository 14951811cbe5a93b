import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KonproConfigError } from '../../errors.js';
import { readEnv } from '../../internal/config/env.js';
import { PLANS, type Plan } from '../../internal/config/plans.js';
import { createFakeKonpro } from '../../testing/fake-konpro.js';
import { type CliCommand, type CommandContext, stringValue } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { startPrism } from '../start-prism.js';

// The spec ships beside dist/ in the package; from src/cli/commands/ (development) it is two levels further up.
const SPEC_FILE = ['../openapi/konpro.yaml', '../../../openapi/konpro.yaml']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((path) => existsSync(path));

const DOCS_AVATAR = '3deccfb2-cf96-459c-8b69-f601d6767ea5';
const MOCK_KEY = 'mock-key';

/** Resolves when the signal fires (never without one). */
const aborted = (signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });

export const mock: CliCommand = {
  name: 'mock',
  summary: 'Serve a fake KonPro on loopback, for offline work',
  options: {
    port: { type: 'string', value: 'PORT', description: 'the port on 127.0.0.1 (default 4010)' },
    'api-key': {
      type: 'string',
      value: 'KEY',
      description: `the key it accepts (default KONPRO_API_KEY, else ${MOCK_KEY})`,
    },
    avatar: {
      type: 'string',
      value: 'ID',
      multiple: true,
      description: `an avatar of its account (repeatable; default ${DOCS_AVATAR})`,
    },
    plan: {
      type: 'string',
      value: 'PLAN',
      description: `emulate a plan's rate limit: ${Object.keys(PLANS).join(', ')}`,
    },
    prism: {
      type: 'boolean',
      description: 'serve a stateless Prism mock of the spec instead (needs @stoplight/prism-cli)',
    },
  },
  description: `Serves the testing kit's fake KonPro on 127.0.0.1 until interrupted (Ctrl-C, SIGTERM): stateful,
as the docs describe it (sessions expire, delete terminates, the key is enforced), so
\`konpro-widget contract\` passes against it. With --prism, a Prism mock of the bundled spec:
it answers every documented status on request (Prefer: code=404) but keeps no state, so the
contract suite cannot be run against it. Point KONPRO_BASE_URL at the URL it prints.`,
  async run(context) {
    try {
      return await serve(context);
    } catch (error) {
      if (error instanceof KonproConfigError && error.option === 'port')
        throw new UsageError(
          `--port ${error.message.replace(/^port /, '')}: stop what runs there, or pick another port`,
        );
      throw error;
    }
  },
};

async function serve({ io, values, json }: CommandContext): Promise<number> {
  {
    const portText = stringValue(values, 'port') ?? '4010';
    if (!/^\d+$/.test(portText) || Number(portText) > 65_535)
      throw new UsageError(`--port must be a port number (0 to 65535), got ${JSON.stringify(portText)}`);
    const port = Number(portText);
    const say = (data: Record<string, unknown>, text: string) => io.stdout(json ? JSON.stringify(data) : text);

    if (values.prism) {
      if (!SPEC_FILE) throw new UsageError('openapi/konpro.yaml is missing from this installation');
      const prism = await startPrism(SPEC_FILE, { port });
      say(
        { kind: 'prism', url: prism.url },
        `Prism mock of the KonPro API on ${prism.url} (stateless)\nexport KONPRO_BASE_URL=${prism.url}   # any non-empty KONPRO_API_KEY works\nCtrl-C to stop.`,
      );
      const died = await Promise.race([aborted(io.signal).then(() => false), prism.exited.then(() => true)]);
      await prism.stop();
      if (!died) return EXIT.ok;
      io.stderr('Prism exited unexpectedly; the mock stopped.');
      return EXIT.unexpected;
    }

    const planName = stringValue(values, 'plan');
    if (planName !== undefined && !(planName in PLANS))
      throw new UsageError(`--plan must be one of ${Object.keys(PLANS).join(', ')}, got ${JSON.stringify(planName)}`);
    const ownKey = readEnv('KONPRO_API_KEY', io.env);
    const apiKey = stringValue(values, 'api-key') ?? ownKey ?? MOCK_KEY;
    const avatars = (values.avatar as string[] | undefined) ?? [DOCS_AVATAR];
    const fake = createFakeKonpro({
      apiKey,
      agenticAvatarIds: avatars,
      ...(planName ? { plan: planName as Plan } : {}),
    });
    const server = await fake.listen({ port });
    const keyLine =
      apiKey === ownKey ? '# it accepts the KONPRO_API_KEY of this environment' : `export KONPRO_API_KEY=${apiKey}`;
    say(
      { kind: 'fake', url: server.url, avatars, plan: planName ?? null },
      [
        `Fake KonPro on ${server.url} (stateful${planName ? `, ${planName} rate limit` : ''})`,
        `export KONPRO_BASE_URL=${server.url}`,
        keyLine,
        `export KONPRO_AGENTIC_AVATAR_ID=${avatars[0]}`,
        'konpro-widget contract   # the contract suite against it, unpaced (a loopback target)',
        'Ctrl-C to stop.',
      ].join('\n'),
    );
    await aborted(io.signal);
    await server.close();
    return EXIT.ok;
  }
}
