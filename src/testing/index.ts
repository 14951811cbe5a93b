/** `konpro-widget-sessions/testing`: a stateful fake KonPro for your own tests. */
export {
  createFakeKonpro,
  type FakeFailure,
  type FakeKonpro,
  type FakeKonproOptions,
  type FakeKonproServer,
  type FakeRequest,
} from './fake-konpro.js';
export { PLANS, type Plan } from './plans.js';
