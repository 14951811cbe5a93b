import type { StepCheck } from '../types.js';

export const sessionIdsUnique: StepCheck = {
  name: 'session ids unique',
  sentence:
    'session_id: "Unique identifier for the widget session"; session_token: the JWT "for authenticating the widget session", so one per session.',
  page: 'Create Widget Session',
  cost: { full: 0 },
  async run(context) {
    const { creates } = context;
    if (creates.length < 2) return context.inconclusive('needs two sessions to compare');
    const seen = { session_id: new Map<string, string>(), session_token: new Map<string, string>() };
    let unique = true;
    for (const create of creates) {
      const body = create.json as Record<string, unknown>;
      for (const field of ['session_id', 'session_token'] as const) {
        const value = String(body[field]);
        const earlier = seen[field].get(value);
        // For a repeated token, the session ids say which; the token itself is not quoted.
        const shown = field === 'session_token' ? `the token of ${earlier}` : JSON.stringify(value);
        if (earlier === undefined) {
          seen[field].set(value, String(body.session_id));
          continue;
        }
        unique = false;
        context.expect(false, `${field} of ${String(body.session_id)} repeats ${shown}`, create, {
          path: `$.${field}`,
          ...(field === 'session_id' ? { value } : {}),
        });
      }
    }
    if (unique) context.expect(true, `${creates.length} creates answered distinct session ids and tokens`);
  },
};
