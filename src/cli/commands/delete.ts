import type { CliCommand } from '../command.js';
import { describeDeleted } from '../format.js';
import { withSessionId } from './session-id.js';

export const del: CliCommand = {
  name: 'delete',
  summary: 'Terminate a widget session',
  positionals: ['SESSION_ID'],
  description: 'Terminates a widget session at once, for everyone holding its token. Permanent.',
  async run({ positionals, client, print }) {
    const deleted = await withSessionId(() => client().widgetSessions.delete(positionals[0]!));
    print(deleted, `Terminated widget session\n${describeDeleted(deleted)}`);
    return 0;
  },
};
