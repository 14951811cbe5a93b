/**
 * The fake's vocabulary, apart from its code (issue #24): its options, what it receives and
 * answers, its state, and the hooks a behaviour plugs into. The fake, its server and the
 * test-only drifts all import from here, so none of them imports another's module for a type.
 */
import type { OperationId } from '../../generated/operations.js';
import type { Plan } from '../internal/config/plans.js';

/** Options of `createFakeKonpro`. Where KonPro's docs leave a choice open, each reading is an option. */
export interface FakeKonproOptions {
  /** The only key the fake accepts (`x-api-key`); any other, or none, gets 401 `INVALID_API_KEY`. */
  apiKey: string;
  /** The agentic avatars of the account; creating a session for any other fails. */
  agenticAvatarIds: readonly string[];
  /** The fake's clock, in epoch milliseconds. Sessions expire by it. @default Date.now */
  now?: () => number;
  /** Emulate a plan's documented rate limit (per minute and per day). @default no limit */
  plan?: Plan;
  /** Send `Retry-After` with a 429 (KonPro does not document it). @default false */
  retryAfterOnRateLimit?: boolean;
  /** The status of a successful create: the docs list both. @default 201 */
  createdStatus?: 200 | 201;
  /** The duration of a session created without `max_duration`, in seconds. @default 3600 */
  defaultMaxDuration?: number;
  /** How `validateApiKey` answers a wrong key: `401`, or `200` with `"valid": false`. @default 401 */
  rejectedKeyAnswer?: 401 | 'valid-false';
  /** How reading a terminated or expired session answers: its status, or `404`. @default 'status' */
  endedSessionRead?: 'status' | 404;
  /** How deleting an already terminated session answers: `404`, or `200` again. @default 404 */
  repeatedDelete?: 404 | 200;
  /** How creating a session for an avatar of another account answers. @default 400 */
  unknownAvatarStatus?: 400 | 404;
  /**
   * What the key may do: `read` (get) and `write` (create, delete); an operation outside them
   * answers 403 `INSUFFICIENT_PERMISSIONS`. @default ['read', 'write']
   */
  scopes?: readonly string[];
}

/** A fake KonPro on a loopback port. */
export interface FakeKonproServer {
  url: string;
  close(): Promise<void>;
}

/** A request as the fake handles it, whatever it came through. */
export interface FakeInput {
  method: string;
  path: string;
  apiKey: string | undefined;
  bodyText: string;
}

/** What the fake answers: a response, or no response at all. */
export type FakeAnswer =
  | { status: number; headers: Record<string, string>; body: string }
  | { kind: 'drop' }
  | { kind: 'stall' };

export interface StoredSession {
  session_id: string;
  agentic_avatar_id: string;
  created: number;
  expires: number;
  terminated: boolean;
}

/** What a behaviour (see fake-behaviour.ts) may read and change. */
export interface FakeState {
  readonly sessions: Map<string, StoredSession>;
  readonly avatars: Set<string>;
  readonly options: Readonly<FakeKonproOptions>;
  now(): number;
}

/** Hooks into the fake's answers. Each returns undefined to leave the answer as it is. */
export interface FakeBehaviour {
  /** Whether the key is checked for this operation (default: always). */
  checksKey?(operationId: OperationId): boolean;
  /** An answer given instead of the documented one (the request may be changed in place). */
  before?(operationId: OperationId, input: FakeInput, state: FakeState): FakeAnswer | undefined;
  /** A change to the documented answer. */
  after?(operationId: OperationId, input: FakeInput, answer: FakeAnswer, state: FakeState): FakeAnswer | undefined;
  /** The id of a new session. */
  sessionId?(): string;
}
