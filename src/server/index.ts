/**
 * `konpro-widget-sessions/server`: the token endpoint your page calls, for any framework.
 * @module konpro-widget-sessions/server
 */

export { PLANS, type Plan } from '../internal/config/plans.js';
export {
  type BudgetOptions,
  type CallBudget,
  createMemoryBudget,
  createMemoryUserLimiter,
  type Reservation,
  type UserLimit,
  type UserLimiter,
} from './limits.js';
export { createMemorySessionStore, type MintedSession, type SessionStore } from './session-store.js';
export { toNodeListener } from './to-node-listener.js';
export {
  createWidgetSessionHandler,
  WIDGET_SESSION_ERRORS,
  type WidgetSessionGrant,
  type WidgetSessionHandler,
  type WidgetSessionHandlerOptions,
} from './widget-session-handler.js';
