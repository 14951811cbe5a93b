/** Human-readable output shared by the CLI and `npm start`. */
import { type KonproApiError, KonproError } from '../errors.js';
import type { ApiKeyValidation, CreatedWidgetSession, DeletedWidgetSession, WidgetSession } from '../types.js';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * `2024-01-01 01:00:00 UTC (in 1 hour)`; the relative part uses the largest whole unit, after
 * rounding to the minute (to the second under a minute): a one-hour session read a second after
 * it was created expires "in 1 hour", not "in 59 minutes".
 */
export function formatTime(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const exact = at - now;
  const step = Math.abs(exact) >= 60_000 ? 60_000 : 1000;
  const delta = Math.round(exact / step) * step;
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(delta) >= ms) ?? ['second', 1000];
  const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.trunc(delta / size), unit);
  return `${new Date(at)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC')} (${relative})`;
}

/** A token shortened for display: enough to recognise it, not enough to use it. */
export function shortToken(token: string): string {
  return token.length <= 24 ? token : `${token.slice(0, 12)}…${token.slice(-6)} (${token.length} chars)`;
}

const rows = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `  ${k.padEnd(12)}${v}`).join('\n');

export function describeCreated(s: CreatedWidgetSession, now?: number): string {
  return rows([
    ['session id', s.session_id],
    ['widget URL', s.widget_url],
    ['expires', formatTime(s.expires_at, now)],
    ['token', shortToken(s.session_token)],
  ]);
}

export function describeSession(s: WidgetSession, now?: number): string {
  return rows([
    ['session id', s.session_id],
    ['avatar', s.agentic_avatar_id],
    ['status', s.status],
    ['created', formatTime(s.created_at, now)],
    ['expires', formatTime(s.expires_at, now)],
  ]);
}

export function describeDeleted(d: DeletedWidgetSession): string {
  return rows([
    ['session id', d.session_id],
    ['result', d.message],
  ]);
}

export function describeKey(k: ApiKeyValidation, now?: number): string {
  return rows([
    ['valid', String(k.valid)],
    ['key id', k.key_id],
    ['scopes', k.scopes.join(', ') || '(none)'],
    ['expires', k.expires_at === null ? 'never' : formatTime(k.expires_at, now)],
  ]);
}

/** An error as one line for people, or as JSON for scripts (status, code, message, request id). */
export function describeError(error: unknown, json: boolean): string {
  const e = error as Partial<KonproApiError> & Error;
  if (json) {
    const { option } = error as { option?: string };
    const fields = { name: e.name, message: e.message, status: e.status, code: e.code, requestId: e.requestId, option };
    return JSON.stringify({ error: fields });
  }
  const known = error instanceof KonproError || e?.name === 'UsageError';
  return known ? `${e.name}: ${e.message}` : `Unexpected error: ${e?.message ?? String(error)}`;
}
