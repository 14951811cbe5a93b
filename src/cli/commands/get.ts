import type { CliCommand } from '../command.js';
import { describeSession } from '../format.js';
import { withSessionId } from './session-id.js';

export const get: CliCommand = {
  name: 'get',
  summary: 'Show a widget session',
  positionals: ['SESSION_ID'],
  description: "Shows a widget session's status, avatar and times.",
  async run({ positionals, client, print }) {
    const session = await withSessionId(() => client().widgetSessions.get(positionals[0]!));
    print(session, `Widget session\n${describeSession(session)}`);
    return 0;
  },
};
