import { KonproValidationError } from '../../errors.js';
import { type CliCommand, stringValue } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { describeCreated } from '../format.js';

/** RFC 1123 host names: what the docs' examples of allowed_domains are (no scheme, path, port or wildcard). */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Which flag sets each field of the body, so that the spec's complaints name the flag. */
const FLAGS: Array<[RegExp, string]> = [
  [/^agentic_avatar_id/, '--avatar'],
  [/^settings\.max_duration/, '--max-duration'],
  [/^settings\.allowed_domains/, '--domain'],
  [/^settings\.features\.voice_input/, '--no-voice-input'],
  [/^settings\.features\.text_input/, '--no-text-input'],
  [/^settings\.features\.knowledge_base/, '--no-knowledge-base'],
];

export const create: CliCommand = {
  name: 'create',
  summary: 'Create a widget session',
  options: {
    avatar: { type: 'string', value: 'ID', required: true, description: 'the agentic avatar' },
    'max-duration': { type: 'string', value: 'SECONDS', description: 'how long the session lasts' },
    domain: { type: 'string', value: 'DOMAIN', multiple: true, description: 'a domain that may embed it (repeatable)' },
    'no-voice-input': { type: 'boolean', description: 'turn voice input off' },
    'no-text-input': { type: 'boolean', description: 'turn text input off' },
    'no-knowledge-base': { type: 'boolean', description: 'turn the knowledge base off' },
  },
  description:
    'Creates a widget session and prints its id, widget URL, expiry and (shortened) token;\n--json prints the whole response, token included.',
  async run({ values, client, print }) {
    const avatar = stringValue(values, 'avatar')!;
    const duration = stringValue(values, 'max-duration');
    if (duration !== undefined && !/^\d+$/.test(duration))
      throw new UsageError(`--max-duration must be a whole number of seconds, got ${JSON.stringify(duration)}`);
    const domains = (values.domain as string[] | undefined) ?? [];
    for (const domain of domains) {
      if (!DOMAIN.test(domain))
        throw new UsageError(
          `--domain must be a domain name such as app.example.com (no scheme, path or port), got ${JSON.stringify(domain)}`,
        );
    }
    const features = {
      ...(values['no-voice-input'] ? { voice_input: false } : {}),
      ...(values['no-text-input'] ? { text_input: false } : {}),
      ...(values['no-knowledge-base'] ? { knowledge_base: false } : {}),
    };
    const settings = {
      ...(duration === undefined ? {} : { max_duration: Number(duration) }),
      ...(domains.length > 0 ? { allowed_domains: domains } : {}),
      ...(Object.keys(features).length > 0 ? { features } : {}),
    };
    try {
      const created = await client().widgetSessions.create({ agentic_avatar_id: avatar, settings });
      print(created, `Created widget session\n${describeCreated(created)}`);
      return 0;
    } catch (error) {
      if (!(error instanceof KonproValidationError)) throw error;
      const problems = error.problems.map((p) => {
        const flag = FLAGS.find(([path]) => path.test(p.path))?.[1] ?? p.path;
        return `${flag} ${p.message}${p.value === undefined ? '' : ` (got ${JSON.stringify(p.value)})`}`;
      });
      throw new UsageError(problems.join('; '));
    }
  },
};
