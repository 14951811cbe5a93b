/** What a `konpro-widget` command is: one module each, in the registry of `commands/index.ts`. */
import type { KonproClient } from '../client.js';
import type { Redactor } from '../internal/gate/redact.js';

/** The streams and environment of one CLI run (testable in-process). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Ends a long-running command (`mock`, `contract`); the bin wires it to SIGINT and SIGTERM. */
  signal?: AbortSignal;
}

/** One option of a command: `--name VALUE` (a string) or `--name` (a flag). */
export interface CliOption {
  type: 'string' | 'boolean';
  /** The value's placeholder in the usage line (`ID`, `SECONDS`). */
  value?: string;
  /** May be given more than once. */
  multiple?: boolean;
  /** The command cannot run without it. */
  required?: boolean;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command's `run` receives. */
export interface CommandContext {
  /** The streams, every line already through `redact`. */
  io: CliIo;
  /** The key's redactor (KONPRO_API_KEY): everything a command prints or writes passes it. */
  redact: Redactor;
  json: boolean;
  values: OptionValues;
  positionals: string[];
  /** A client from KONPRO_API_KEY and KONPRO_BASE_URL (a UsageError without the key). */
  client(): KonproClient;
  /** Prints data as JSON under `--json`, else the text. */
  print(data: unknown, text: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for the main help. */
  summary: string;
  /** The positional arguments, by name (each required). */
  positionals?: string[];
  options?: Record<string, CliOption>;
  /** What the command does, after the usage line of its help. */
  description: string;
  run(context: CommandContext): Promise<number>;
}

/** The value of a string option (the last one when given twice). */
export function stringValue(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return Array.isArray(value) ? value.at(-1) : typeof value === 'string' ? value : undefined;
}
