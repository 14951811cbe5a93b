/** The `konpro-widget` command line, as a function of its arguments and streams (testable in-process). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createKonproClient, DEFAULT_BASE_URL } from '../client.js';
import { OBSERVERS, STEPS } from '../contract/checks/index.js';
import { readEnv } from '../internal/env.js';
import { createRedactor } from '../internal/redact.js';
import { startPrism } from '../internal/start-prism.js';
import { VERSION } from '../version.js';
import { runContractCommand } from './contract-command.js';
import {
  describeCreated,
  describeDeleted,
  describeError,
  describeKey,
  describeSession,
  EXIT,
  exitCodeFor,
} from './format.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Ends a long-running command (`mock`); the bin wires it to Ctrl-C. */
  signal?: AbortSignal;
}

const HELP: Record<string, string> = {
  main: `konpro-widget ${VERSION}: create and manage KonPro widget sessions

Usage: konpro-widget <command> [options]

Commands:
  create        Create a widget session
  get           Show a widget session
  delete        Terminate a widget session
  validate-key  Check the API key
  mock          Serve a Prism mock of the KonPro API for offline work
  contract      Check a live server against the contract (about 30 requests, paced)

Options:
  --json        Print JSON (for scripts) instead of text
  -h, --help    Show help (also after a command)
  -v, --version Show the version

Environment: KONPRO_API_KEY (required, except for mock), KONPRO_BASE_URL (default https://api.konpro.ai)
Exit codes: 0 ok, 2 usage or invalid input, 3 API error or contract violation, 4 network error or
timeout, 5 contract run inconclusive, 130 interrupted, 1 anything else`,
  create: `Usage: konpro-widget create --avatar ID [--max-duration SECONDS] [--domain DOMAIN ...]
                            [--no-voice-input] [--no-text-input] [--no-knowledge-base] [--json]

Creates a widget session and prints its id, widget URL, expiry and (shortened) token;
--json prints the whole response, token included.`,
  get: `Usage: konpro-widget get SESSION_ID [--json]

Shows a widget session's status, avatar and times.`,
  delete: `Usage: konpro-widget delete SESSION_ID [--json]

Terminates a widget session at once, for everyone holding its token. Permanent.`,
  'validate-key': `Usage: konpro-widget validate-key [--json]

Checks KONPRO_API_KEY and shows its id, scopes and expiry.`,
  contract: `Usage: konpro-widget contract [--avatar ID] [--rate-limit 10/min] [--max-requests 50] [--deep]
                              [--report-dir reports] [--json]

Checks a live server (KONPRO_BASE_URL, default https://api.konpro.ai) against the contract with
KONPRO_API_KEY; the server must keep state (KonPro, or konpro-widget mock: a Prism mock keeps none).
The avatar comes from --avatar or KONPRO_AGENTIC_AVATAR_ID.

  --rate-limit N/min   pace requests to the plan's limit (KONPRO_CONTRACT_RATE_LIMIT; default
                       10/min, the Free Trial's): no 429 on that plan; a 429 or 503 is waited out
  --max-requests N     spend at most N requests (KONPRO_CONTRACT_MAX_REQUESTS; default 50; the
                       Free Trial allows 100 a day); checks that do not fit are inconclusive
  --deep               also run opt-in checks that cost time (KONPRO_CONTRACT_DEEP=1)
  --report-dir DIR     contract-coverage.json, contract-junit.xml, contract-summary.md and the
                       journal of created sessions (default reports/)

Checks (requests each):
${STEPS.map((c) => `  ${c.name.padEnd(30)}${String(c.cost).padStart(2)}${c.deep ? `  (opt-in: --deep; ${c.note})` : ''}`).join('\n')}
  and on every answer: ${OBSERVERS.map((c) => c.name).join(', ')}

Every session it creates is journaled and deleted, also when interrupted (Ctrl-C); the next run
deletes what a killed run left. Exit 0 passed, 3 violated, 5 inconclusive (nothing violated, but
something could not be checked), 2 usage or a rejected key, 4 server unreachable, 130 interrupted.`,
  mock: `Usage: konpro-widget mock [--port 4010]

Serves a Prism mock of the bundled spec on 127.0.0.1 until interrupted (Ctrl-C). Needs
@stoplight/prism-cli installed. Point KONPRO_BASE_URL at it.`,
};

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  avatar: { type: 'string' },
  'max-duration': { type: 'string' },
  domain: { type: 'string', multiple: true },
  'no-voice-input': { type: 'boolean' },
  'no-text-input': { type: 'boolean' },
  'no-knowledge-base': { type: 'boolean' },
  port: { type: 'string' },
  'report-dir': { type: 'string' },
  'rate-limit': { type: 'string' },
  'max-requests': { type: 'string' },
  deep: { type: 'boolean' },
} as const;

class UsageError extends Error {}

// The spec ships beside dist/ in the package; from src/cli/ (development) it is one level further up.
const SPEC_FILE = ['../openapi/konpro.yaml', '../../openapi/konpro.yaml']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((path) => existsSync(path));

function wholeNumber(value: string, option: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * Every line the CLI prints goes through the key's redactor: a hostile server can echo the key in
 * any field of a 2xx answer too, and the CLI prints those.
 */
function redactedIo(io: CliIo): CliIo {
  const key = readEnv('KONPRO_API_KEY', io.env);
  if (!key) return io;
  const redact = createRedactor(key.trim());
  return { ...io, stdout: (text) => io.stdout(redact(text)), stderr: (text) => io.stderr(redact(text)) };
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const io = redactedIo(rawIo);
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    json = values.json ?? false;
    const [command, ...rest] = positionals;
    if (values.version) {
      io.stdout(VERSION);
      return EXIT.ok;
    }
    if (!command) {
      (values.help ? io.stdout : io.stderr)(HELP.main!);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    if (!(command in HELP)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    if (values.help) {
      io.stdout(HELP[command]!);
      return EXIT.ok;
    }
    const needsId = command === 'get' || command === 'delete';
    if (rest.length !== (needsId ? 1 : 0)) {
      throw new UsageError(
        needsId ? `${command} takes exactly one SESSION_ID` : `${command} takes no positional argument`,
      );
    }

    if (command === 'mock') {
      const port = values.port === undefined ? 4010 : wholeNumber(values.port, '--port');
      if (!SPEC_FILE) throw new Error('openapi/konpro.yaml is missing from this installation');
      const prism = await startPrism(SPEC_FILE, { port });
      io.stdout(
        `Prism mock of the KonPro API on ${prism.url}\nexport KONPRO_BASE_URL=${prism.url}   # any non-empty KONPRO_API_KEY works\nCtrl-C to stop.`,
      );
      await new Promise<void>((resolve) => {
        if (!io.signal || io.signal.aborted) return resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await prism.stop();
      return EXIT.ok;
    }

    if (command === 'contract') {
      return await runContractCommand(io, {
        avatar: values.avatar,
        reportDir: values['report-dir'] ?? 'reports',
        json,
        rateLimit: values['rate-limit'],
        maxRequests: values['max-requests'],
        deep: values.deep,
      });
    }

    const apiKey = readEnv('KONPRO_API_KEY', io.env);
    if (!apiKey) throw new UsageError(`${command} needs KONPRO_API_KEY: the API key of your KonPro account`);
    const konpro = createKonproClient({ apiKey, baseUrl: readEnv('KONPRO_BASE_URL', io.env) ?? DEFAULT_BASE_URL });
    const print = (data: unknown, text: string) => io.stdout(json ? JSON.stringify(data, null, 2) : text);
    if (command === 'create') {
      if (!values.avatar) throw new UsageError('create needs --avatar ID');
      const features = {
        ...(values['no-voice-input'] ? { voice_input: false } : {}),
        ...(values['no-text-input'] ? { text_input: false } : {}),
        ...(values['no-knowledge-base'] ? { knowledge_base: false } : {}),
      };
      const settings = {
        ...(values['max-duration'] === undefined
          ? {}
          : { max_duration: wholeNumber(values['max-duration'], '--max-duration') }),
        ...(values.domain ? { allowed_domains: values.domain } : {}),
        ...(Object.keys(features).length > 0 ? { features } : {}),
      };
      const created = await konpro.widgetSessions.create({ agentic_avatar_id: values.avatar, settings });
      print(created, `Created widget session\n${describeCreated(created)}`);
    } else if (command === 'get') {
      const session = await konpro.widgetSessions.get(rest[0]!);
      print(session, `Widget session\n${describeSession(session)}`);
    } else if (command === 'delete') {
      const deleted = await konpro.widgetSessions.delete(rest[0]!);
      print(deleted, `Terminated widget session\n${describeDeleted(deleted)}`);
    } else {
      const key = await konpro.apiKeys.validate();
      print(key, `API key\n${describeKey(key)}`);
      if (key.valid === false) return EXIT.api;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}\nRun konpro-widget --help for usage.`);
      return EXIT.usage;
    }
    io.stderr(describeError(error, json));
    return exitCodeFor(error);
  }
}
