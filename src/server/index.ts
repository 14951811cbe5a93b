/** `konpro-widget-sessions/server`: the token endpoint your page calls, for any framework. */
export { createMemorySessionStore, type MintedSession, type SessionStore } from './session-store.js';
export { toNodeListener } from './to-node-listener.js';
export {
  createWidgetSessionHandler,
  type WidgetSessionGrant,
  type WidgetSessionHandlerOptions,
} from './widget-session-handler.js';
