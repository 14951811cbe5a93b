/**
 * The one redaction rule (issue #11): every text that may reach an error, a log line or the CLI's
 * output passes through a `Redactor` built from the normalised key.
 *
 * - The key is matched in any letter case, and also in the forms a server may echo it in: JSON
 *   string escaping and URL encoding.
 * - A key of `SHORT_KEY_LENGTH` characters or more is replaced wherever it occurs, even inside a
 *   longer word. A shorter key (a test key; real keys are longer) is replaced only where it stands
 *   alone as a token, so that "Rate limit exceeded" stays readable with a key of `e`.
 */

/** Keys shorter than this are redacted only where they stand alone (see above). */
export const SHORT_KEY_LENGTH = 8;
export const REDACTED = '[redacted]';

/** Removes the key from a text. */
export type Redactor = (text: string) => string;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A redactor for one key. */
export function createRedactor(key: string): Redactor {
  const forms = new Set([key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)]);
  const alternatives = [...forms].map(escapeRegExp).join('|');
  const source =
    key.length >= SHORT_KEY_LENGTH ? `(?:${alternatives})` : `(?<![A-Za-z0-9_-])(?:${alternatives})(?![A-Za-z0-9_-])`;
  const pattern = new RegExp(source, 'gi');
  return (text) => text.replace(pattern, REDACTED);
}

/** A copy of `value` (JSON data) with the key removed from every string in it, keys included. */
export function redactJson<T>(value: T, redact: Redactor): T {
  if (value === undefined) return value;
  try {
    return JSON.parse(redact(JSON.stringify(value))) as T;
  } catch {
    return undefined as T;
  }
}

/** A copy of response headers without the key: values redacted, headers named after it dropped. */
export function redactHeaders(headers: Headers, redact: Redactor): Headers {
  const safe = new Headers();
  headers.forEach((value, name) => {
    if (redact(name) === name) safe.append(name, redact(value));
  });
  return safe;
}
