import type { StepCheck } from '../types.js';
import { needFixtures } from './fixtures.js';

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decode(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(atob(part!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
      ),
    );
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const tokenIsAJwt: StepCheck = {
  name: 'token is a JWT',
  sentence:
    'session_token: "JWT token for authenticating the widget session" (three base64url parts; header and payload are JSON objects; the header names its alg).',
  page: 'Create Widget Session',
  cost: { full: 0, smoke: 0 },
  async run(context) {
    for (const { session, exchange } of needFixtures(context, ['documented', 'minimal', 'textOnly'])) {
      const parts = String(session.session_token).split('.');
      const header = decode(parts[0]);
      const ok =
        parts.length === 3 &&
        parts.every((p) => SEGMENT.test(p)) &&
        typeof header?.alg === 'string' &&
        decode(parts[1]) !== undefined;
      context.expect(
        ok,
        `session_token of ${session.session_id} ${ok ? 'is' : 'is not'} a JWT with a JSON header (alg) and payload`,
        exchange,
      );
    }
  },
};
