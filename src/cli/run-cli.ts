/** The `konpro-widget` command line, as a function of its arguments and streams (testable in-process). */
import { createKonproClient, DEFAULT_BASE_URL } from '../client.js';
import { KonproConfigError } from '../errors.js';
import { readEnv } from '../internal/config/env.js';
import { suggestion } from '../internal/config/suggest.js';
import { createRedactor, NOTHING_TO_REDACT, type Redactor } from '../internal/gate/redact.js';
import type { LogLevel } from '../types.js';
import { VERSION } from '../version.js';
import type { CliCommand, CliIo } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, exitCodeFor, UsageError } from './exit-codes.js';
import { describeError } from './format.js';
import { commandHelp, mainHelp } from './help.js';
import { GLOBAL_OPTIONS, parseCommandLine } from './parse-command-line.js';

export type { CliIo } from './command.js';

/** The redactor of this run's key (KONPRO_API_KEY): every line printed and every file written passes it. */
function redactorFor(env: CliIo['env']): Redactor {
  const key = readEnv('KONPRO_API_KEY', env);
  return key ? createRedactor(key.trim()) : NOTHING_TO_REDACT;
}

/** The environment variable behind a client option the CLI sets from it. */
const ENV_OF_OPTION: Record<string, string> = {
  apiKey: 'KONPRO_API_KEY',
  baseUrl: 'KONPRO_BASE_URL',
  logLevel: 'KONPRO_LOG',
};

/** A configuration error in the CLI's words: the environment variable, not the option. */
function inCliWords(error: unknown): unknown {
  const variable = error instanceof KonproConfigError ? ENV_OF_OPTION[error.option] : undefined;
  return variable ? new UsageError(error instanceof Error ? error.message.replace(/^\w+/, variable) : variable) : error;
}

/** The command named first among the arguments, and the arguments without it. */
function findCommand(argv: string[]): { command: CliCommand | undefined; name: string | undefined; rest: string[] } {
  const index = argv.findIndex((arg) => !arg.startsWith('-'));
  const name = index < 0 ? undefined : argv[index];
  const command = COMMANDS.find((c) => c.name === name);
  return { command, name, rest: index < 0 ? argv : [...argv.slice(0, index), ...argv.slice(index + 1)] };
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const redact = redactorFor(rawIo.env);
  const io = {
    ...rawIo,
    stdout: (t: string) => rawIo.stdout(redact.text(t)),
    stderr: (t: string) => rawIo.stderr(redact.text(t)),
  };
  const json = argv.includes('--json');
  try {
    const { command, name, rest } = findCommand(argv);
    if (name !== undefined && !command)
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}${suggestion(
          name,
          COMMANDS.map((c) => c.name),
        )}`,
      );
    const { values, positionals } = parseCommandLine(rest, { ...GLOBAL_OPTIONS, ...command?.options });
    if (values.version) {
      io.stdout(VERSION);
      return EXIT.ok;
    }
    if (!command) {
      (values.help ? io.stdout : io.stderr)(mainHelp());
      return values.help ? EXIT.ok : EXIT.usage;
    }
    if (values.help) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    for (const [name, option] of Object.entries(command.options ?? {})) {
      if (option.required && values[name] === undefined)
        throw new UsageError(`${command.name} needs --${name}${option.value ? ` ${option.value}` : ''}`);
    }
    const expected = command.positionals ?? [];
    if (positionals.length !== expected.length) {
      throw new UsageError(
        expected.length === 0
          ? `${command.name} takes no argument (got ${JSON.stringify(positionals[0])})`
          : `${command.name} takes exactly ${expected.join(' ')}`,
      );
    }
    return await command.run({
      io,
      redact,
      json,
      values,
      positionals,
      client() {
        const apiKey = readEnv('KONPRO_API_KEY', io.env);
        if (!apiKey) throw new UsageError(`${command.name} needs KONPRO_API_KEY: the API key of your KonPro account`);
        // The client's log lines go to stderr, through the same redactor as everything printed.
        const logger = { error: io.stderr, warn: io.stderr, info: io.stderr, debug: io.stderr };
        return createKonproClient({
          apiKey,
          baseUrl: readEnv('KONPRO_BASE_URL', io.env) ?? DEFAULT_BASE_URL,
          logger,
          logLevel: (readEnv('KONPRO_LOG', io.env)?.trim().toLowerCase() ?? 'warn') as LogLevel,
          // A drift in what KonPro answers is a warning line on stderr, never a failed command.
          validateResponses: 'report',
        });
      },
      print: (data, text) => io.stdout(json ? JSON.stringify(data, null, 2) : text),
    });
  } catch (thrown) {
    const error = inCliWords(thrown);
    if (error instanceof UsageError) {
      io.stderr(json ? describeError(error, true) : `${error.message}\nRun konpro-widget --help for usage.`);
      return EXIT.usage;
    }
    io.stderr(describeError(error, json));
    return exitCodeFor(error);
  }
}
