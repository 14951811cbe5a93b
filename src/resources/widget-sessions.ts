import type { RequestContext } from '../internal/call/request-context.js';
import type { KonproPromise } from '../konpro-promise.js';
import type {
  CreatedWidgetSession,
  CreateWidgetSessionParams,
  DeletedWidgetSession,
  RequestOptions,
  WidgetSession,
} from '../types.js';

/** Widget sessions: short-lived tokens that let a web page embed the avatar widget. */
export class WidgetSessions {
  readonly #context: RequestContext;

  constructor(context: RequestContext) {
    this.#context = context;
  }

  /**
   * Creates a widget session. Hand `session_token` and `widget_url` to the browser; keep
   * `session_id` on the server to read or revoke the session. Never retried after the server may
   * have acted on it, so one call creates at most one session.
   *
   * @example
   * const session = await konpro.widgetSessions.create({
   *   agentic_avatar_id: '3deccfb2-cf96-459c-8b69-f601d6767ea5',
   *   settings: { max_duration: 3600, allowed_domains: ['example.com'] },
   * });
   */
  create(params: CreateWidgetSessionParams, options?: RequestOptions): KonproPromise<CreatedWidgetSession> {
    return this.#context.call('createWidgetSession', { body: params }, options);
  }

  /**
   * Reads a widget session of your account.
   *
   * @example
   * const { status, expires_at } = await konpro.widgetSessions.get('session-789');
   */
  get(sessionId: string, options?: RequestOptions): KonproPromise<WidgetSession> {
    return this.#context.call('getWidgetSession', { sessionId }, options);
  }

  /**
   * Terminates a widget session at once and for good: the widget stops working for everyone
   * holding its token. Use it to revoke a leaked token.
   *
   * @example
   * await konpro.widgetSessions.delete('session-789');
   */
  delete(sessionId: string, options?: RequestOptions): KonproPromise<DeletedWidgetSession> {
    return this.#context.call('deleteWidgetSession', { sessionId }, options);
  }
}
