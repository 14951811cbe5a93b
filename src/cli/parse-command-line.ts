/**
 * Parses a command's arguments with node:util's tokens and speaks the CLI's language when they
 * are wrong: the flag's name, what it needs, and a suggestion for a mistyped option or command.
 */
import { parseArgs } from 'node:util';
import { suggestion } from '../internal/config/suggest.js';
import type { CliOption, OptionValues } from './command.js';
import { UsageError } from './exit-codes.js';

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, CliOption & { short?: string }> = {
  json: { type: 'boolean', description: 'Print JSON (for scripts) instead of text' },
  help: { type: 'boolean', short: 'h', description: 'Show help (also after a command)' },
  version: { type: 'boolean', short: 'v', description: 'Show the version' },
};

export interface ParsedCommandLine {
  values: OptionValues;
  positionals: string[];
}

export function parseCommandLine(
  argv: string[],
  options: Record<string, CliOption & { short?: string }>,
): ParsedCommandLine {
  // Known options are declared so that a string option takes the next argument as its value;
  // `strict: false` lets unknown ones through to be reported below, in the CLI's words.
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
  );
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const values: OptionValues = {};
  const positionals: string[] = [];
  const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  for (const token of tokens ?? []) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const name = token.rawName.startsWith('--') ? token.name : (shorts.get(token.name) ?? token.name);
    const option = options[name];
    if (!option) {
      const flags = Object.keys(options).map((o) => `--${o}`);
      throw new UsageError(`unknown option ${token.rawName}${suggestion(token.rawName, flags)}`);
    }
    if (option.type === 'string') {
      // `--avatar --json`: node takes the next option as the value; that is a missing value.
      const missing =
        token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'));
      if (missing) throw new UsageError(`--${name} needs a value (--${name} ${option.value ?? 'VALUE'})`);
      values[name] = option.multiple ? [...((values[name] as string[] | undefined) ?? []), token.value] : token.value;
    } else {
      if (token.value !== undefined) throw new UsageError(`--${name} takes no value (got --${name}=${token.value})`);
      values[name] = true;
    }
  }
  return { values, positionals };
}
