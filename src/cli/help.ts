/** Help texts, built from the registry of commands. */
import { VERSION } from '../version.js';
import type { CliCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { GLOBAL_OPTIONS } from './parse-command-line.js';

const pad = (text: string, width: number) => text.padEnd(width);

export function mainHelp(): string {
  return `konpro-widget ${VERSION}: create and manage KonPro widget sessions

Usage: konpro-widget <command> [options]

Commands:
${COMMANDS.map((c) => `  ${pad(c.name, 14)}${c.summary}`).join('\n')}

Options:
  --json        ${GLOBAL_OPTIONS.json!.description}
  -h, --help    ${GLOBAL_OPTIONS.help!.description}
  -v, --version ${GLOBAL_OPTIONS.version!.description}

Environment: KONPRO_API_KEY (required, except for mock), KONPRO_BASE_URL (default https://api.konpro.ai)
Exit codes: 0 ok, 2 usage or invalid input, 3 API error or contract violation, 4 network error or
timeout, 5 contract run inconclusive, 130 interrupted, 1 anything else`;
}

export function commandHelp(command: CliCommand): string {
  const options = Object.entries(command.options ?? {});
  const usage = [
    `konpro-widget ${command.name}`,
    ...(command.positionals ?? []),
    ...options.map(([name, o]) => {
      const flag = `--${name}${o.value ? ` ${o.value}` : ''}${o.multiple ? ' ...' : ''}`;
      return o.required ? flag : `[${flag}]`;
    }),
    '[--json]',
  ].join(' ');
  const width = Math.max(0, ...options.map(([name, o]) => `--${name}${o.value ? ` ${o.value}` : ''}`.length)) + 3;
  const lines = options.map(
    ([name, o]) => `  ${pad(`--${name}${o.value ? ` ${o.value}` : ''}`, width)}${o.description}`,
  );
  return `Usage: ${usage}\n\n${command.description}${lines.length ? `\n\nOptions:\n${lines.join('\n')}` : ''}`;
}
