/** Friendly names for the generated request and response types. */
import type { components, operations, paths } from '../generated/schema.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

/** Body of `widgetSessions.create`. */
export type CreateWidgetSessionParams = Schemas['CreateWidgetSessionRequest'];
/** `settings` of a create call: duration, domains and features, all optional. */
export type WidgetSessionSettings = Schemas['WidgetSessionSettings'];
/** Feature flags of a widget session; each defaults to `true`. */
export type WidgetFeatures = Schemas['WidgetFeatures'];
/** Result of `widgetSessions.create`. */
export type CreatedWidgetSession = Schemas['CreatedWidgetSession'];
/** Result of `widgetSessions.get`. */
export type WidgetSession = Schemas['WidgetSession'];
/** `active`, `terminated`, `expired`, or a status KonPro has not documented. */
export type WidgetSessionStatus = Schemas['WidgetSessionStatus'];
/** Result of `widgetSessions.delete`. */
export type DeletedWidgetSession = Schemas['DeletedWidgetSession'];
/** Result of `apiKeys.validate`. */
export type ApiKeyValidation = Schemas['ApiKeyValidation'];
/** The documented error body. */
export type ErrorResponse = Schemas['ErrorResponse'];
/** A documented or undocumented error code. */
export type ErrorCode = Schemas['ErrorCode'];
