/**
 * `konpro-widget-sessions/testing`: a stateful fake KonPro for your own tests.
 * @module konpro-widget-sessions/testing
 */

export { PLANS, type Plan } from '../internal/config/plans.js';
export { createFakeKonpro, type FakeFailure, type FakeKonpro, type FakeRequest } from './fake-konpro.js';
export type { FakeKonproOptions, FakeKonproServer } from './fake-types.js';
