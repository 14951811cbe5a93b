/**
 * The registry of the contract suite (issue #12): every check, in run order, each with the doc
 * sentence it enforces and what it costs. The runner, `konpro-widget contract --help`, the
 * contract guide's table and the tests are all derived from these lists; a new check is one file added here.
 */
import type { CheckInfo, ObserverCheck, Profile, RunCheck } from '../types.js';
import { avatarFromYourAccount } from './avatar-from-your-account.js';
import { avatarUntouchedByDelete } from './avatar-untouched-by-delete.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { defaultDuration } from './default-duration.js';
import { deleteEndsOnlyTheNamedSession } from './delete-ends-only-the-named-session.js';
import { documentedExampleAccepted } from './documented-example-accepted.js';
import { documentedInputTypes } from './documented-input-types.js';
import { expiry } from './expiry.js';
import { expiryReflectsMaxDuration } from './expiry-reflects-max-duration.js';
import { keyNeverInAnAnswer } from './key-never-in-an-answer.js';
import { keyRequired } from './key-required.js';
import { keyValidation } from './key-validation.js';
import { notAServerError } from './not-a-server-error.js';
import { preflight } from './preflight.js';
import { requiredFields } from './required-fields.js';
import { schemaConformance } from './schema-conformance.js';
import { sessionIdsUnique } from './session-ids-unique.js';
import { sessionReadable } from './session-readable.js';
import { settingsOptional } from './settings-optional.js';
import { statusConformance } from './status-conformance.js';
import { termination } from './termination.js';
import { terminationIsPermanent } from './termination-is-permanent.js';
import { timesAgree } from './times-agree.js';
import { tokenIsAJwt } from './token-is-a-jwt.js';
import { unknownSession } from './unknown-session.js';
import { widgetUrlEmbeddable } from './widget-url-embeddable.js';
import { wrongKeyRejected } from './wrong-key-rejected.js';

/** Applied to every exchange of the run. */
export const OBSERVERS: readonly ObserverCheck[] = [
  statusConformance,
  contentTypeConformance,
  schemaConformance,
  notAServerError,
  keyNeverInAnAnswer,
];

/**
 * Run one after the other; later checks build on the sessions and answers of earlier ones, so that
 * a full run makes every check in at most 20 requests, cleanup included (issue #22): the reads
 * that show a session readable also show that a delete ended only the session it named, and every
 * read is judged against what the create and earlier reads said. Probe checks send as many of
 * their probes as the run has room for, in rotation across runs.
 */
export const RUN_ORDER: readonly RunCheck[] = [
  preflight,
  keyValidation,
  wrongKeyRejected,
  documentedExampleAccepted,
  settingsOptional,
  sessionReadable,
  termination,
  deleteEndsOnlyTheNamedSession,
  terminationIsPermanent,
  avatarUntouchedByDelete,
  avatarFromYourAccount,
  keyRequired,
  unknownSession,
  requiredFields,
  documentedInputTypes,
  tokenIsAJwt,
  widgetUrlEmbeddable,
  expiryReflectsMaxDuration,
  defaultDuration,
  expiry,
  sessionIdsUnique,
  timesAgree,
];

/** The most requests a run of each profile sends against a compliant server, cleanup included (`--deep` adds its checks' cost). */
export const REQUEST_CAPS: Record<Profile, number> = { full: 20, smoke: 8 };

/**
 * Sessions a run of each profile leaves for cleanup to delete: the minimal and text-only ones in
 * a full run (the documented one is deleted by its checks, the expiring one expires), none in smoke.
 */
export const CLEANUP_DELETES: Record<Profile, number> = { full: 2, smoke: 0 };

/** Checks the runner makes itself, at the end of every run. */
export const CLEANUP: CheckInfo = {
  name: 'cleanup',
  sentence:
    'Delete "terminates the session at once": every session the run created (and any an interrupted run left) is deleted.',
  page: 'Delete Widget Session',
};
export const COVERAGE: CheckInfo = {
  name: 'coverage',
  sentence: 'Every operation of the spec was exercised (a new endpoint forces a new check).',
  page: 'openapi/konpro.yaml',
};

/** Every check, for help texts, reports and the contract guide. */
export const ALL_CHECKS: readonly CheckInfo[] = [...OBSERVERS, ...RUN_ORDER, CLEANUP, COVERAGE];

/** Sentences of KonPro's docs that the four operations cannot observe, and why. */
export const UNOBSERVABLE: ReadonlyArray<{ sentence: string; page: string; why: string }> = [
  {
    sentence: '"Session tokens are single-use or time-limited."',
    page: 'Create Widget Session',
    why: 'only the widget consumes a token; no operation reports a use',
  },
  {
    sentence: 'allowed_domains "restricts where the widget can be embedded"',
    page: 'Create Widget Session',
    why: 'enforced by the widget in a browser, not by the API',
  },
  {
    sentence: 'features: voice_input, text_input, knowledge_base toggle what users can do',
    page: 'Create Widget Session',
    why: 'enforced by the widget; no operation returns the features',
  },
  {
    sentence: '"Only sessions of your own account can be read / deleted."',
    page: 'Get and Delete Widget Session',
    why: "needs a second account's key and session",
  },
  {
    sentence: 'Rate limits per plan (10/min and 100/day on the Free Trial, …) with 429 RATE_LIMIT_EXCEEDED',
    page: 'API overview; Error Responses',
    why: 'provoking a 429 would spend the quota the run needs; a 429 that happens is checked for conformance and waited out',
  },
  {
    sentence: '403: "insufficient permissions"; 500 PROCESSING_ERROR; 503 SERVICE_UNAVAILABLE',
    page: 'Error Responses',
    why: 'no documented request provokes them; when one occurs its body is checked for conformance (the Prism mock exercises all of them)',
  },
];
