/**
 * The one redaction point (issues #11 and #20): whatever the server sent, and whatever the package
 * prints, writes or answers, passes through a `Redactor` built from the normalised key before it
 * reaches an error, a log line, the CLI's output, a contract report or the browser.
 *
 * What it finds, so that no encoding of the key survives:
 * - the key in any letter case, each of its characters written as itself or in any escape a
 *   server or encoder may use, mixed freely: JSON's `\uXXXX` (hex in any case) and `\/`-style
 *   escapes (PHP's and Java's encoders), URL encoding (`%XX`, UTF-8 or Latin-1, `+` for a space)
 *   and HTML character references;
 * - for a key of `SHORT_KEY_LENGTH` characters or more, its base64 and base64url at every byte
 *   alignment, and any base64 run (a JWT's payload, say) whose decoded text holds the key in any
 *   of the forms above.
 *
 * A shorter key (a test key; real keys are longer) is found only where it stands alone as a
 * token, so that "Rate limit exceeded" stays readable with a key of `e`.
 *
 * Data is handled as data: `value` and `find` walk parsed JSON string by string (object keys
 * included), so no JSON escape matters once it is parsed.
 */

/** Keys shorter than this are found only where they stand alone (see above). */
export const SHORT_KEY_LENGTH = 8;
export const REDACTED = '[redacted]';
/** Deeper than this, `value` and `find` stop walking (parsed bodies are bounded far below it). */
const MAX_WALK_DEPTH = 128;

/** Removes the key from texts and data. */
export interface Redactor {
  /** The text with every form of the key replaced by `[redacted]`. */
  text(text: string): string;
  /** A copy of JSON-like data with the key removed from every string and number, keys included. */
  value<T>(value: T): T;
  /** Where the key is in JSON-like data: paths (`widget_url`, `error.details.key`, `(root)` for a string), or `[]`. */
  find(value: unknown): string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Every way one character of the key may be written (the regex is case-insensitive). */
function characterForms(char: string): string {
  const code = char.charCodeAt(0);
  const utf8 = [...new TextEncoder().encode(char)].map((byte) => `%${hex(byte, 2)}`).join('');
  const forms = [escapeRegExp(char), `\\\\u${hex(code, 4)}`, utf8, `&#x0*${hex(code, 1)};?`, `&#0*${code};?`];
  if (code > 0x7f) forms.push(`%${hex(code, 2)}`);
  if (char === ' ') forms.push('\\+');
  if (!/[A-Za-z0-9]/.test(char)) forms.push(`\\\\${escapeRegExp(char)}`);
  return `(?:${forms.join('|')})`;
}

/** The stretch of base64 that encodes `bytes` wherever they start in a longer text, at offset 0, 1 or 2. */
function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = btoa(String.fromCharCode(...padded));
    // Characters that mix in a byte before the key, or after it, differ from text to text.
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(first, last);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/** Each base64 and base64url character's 6 bits (-1 for others). */
const SEXTETS = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  SEXTETS[c.charCodeAt(0)] = i;
SEXTETS['-'.charCodeAt(0)] = 62;
SEXTETS['_'.charCodeAt(0)] = 63;

/**
 * A base64 or base64url run decoded to a Latin-1 string (one character per byte). Written out
 * because `atob` costs about 50 µs a call on Node 20, and this runs on answers' strings.
 */
function decodeBase64(run: string): string {
  let bits = 0;
  let count = 0;
  let out = '';
  for (let i = 0; i < run.length; i++) {
    const sextet = SEXTETS[run.charCodeAt(i)] ?? -1;
    if (sextet < 0) break;
    bits = ((bits << 6) | sextet) & 0xffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += String.fromCharCode((bits >> count) & 0xff);
    }
  }
  return out;
}

/** Whether a global regex matches anywhere in `text` (its `lastIndex` left at 0). */
function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A redactor for one key (already normalised: as it is sent). */
export function createRedactor(key: string): Redactor {
  const body = [...key].map(characterForms).join('');
  const long = key.length >= SHORT_KEY_LENGTH;
  const textual = long ? body : `(?<![A-Za-z0-9_-])${body}(?![A-Za-z0-9_-])`;
  const anyForm = new RegExp(textual, 'gi');
  const encodings = [new TextEncoder().encode(key), latin1Bytes(key)];
  const cores = long ? [...new Set(encodings.flatMap(base64Cores))].filter((core) => core.length >= 8) : [];
  const shortestCore = Math.min(...cores.map((core) => core.length), Math.ceil((key.length * 4) / 3));
  const utf8 = new TextDecoder();

  // Runs of base64 long enough to decode to the key (a JWT's segments are runs of their own).
  // Tried at the start of a run only (the look-behind), so that a search takes linear time.
  const base64Run = new RegExp(`(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{${Math.ceil((key.length * 4) / 3)},}={0,2}`, 'g');
  const asciiKey = !/[^\x20-\x7e]/.test(key);
  const decodedHoldsKey = (run: string): boolean => {
    const binary = decodeBase64(run);
    // An ASCII key reads the same in Latin-1 and UTF-8 bytes; another key may be in either.
    return matches(anyForm, binary) || (!asciiKey && matches(anyForm, utf8.decode(latin1Bytes(binary))));
  };

  const text = (input: string): string => {
    let out = input.replace(anyForm, REDACTED);
    if (long) {
      for (const core of cores) out = out.replaceAll(core, REDACTED);
      out = out.replace(base64Run, (run) => (decodedHoldsKey(run) ? REDACTED : run));
    }
    return out;
  };
  const holds = (input: string): boolean => {
    if (matches(anyForm, input)) return true;
    // A text shorter than the key's shortest base64 stretch cannot hold it in base64.
    if (!long || input.length < shortestCore) return false;
    for (const core of cores) if (input.includes(core)) return true;
    base64Run.lastIndex = 0;
    for (let run = base64Run.exec(input); run; run = base64Run.exec(input)) {
      if (decodedHoldsKey(run[0])) {
        base64Run.lastIndex = 0;
        return true;
      }
    }
    return false;
  };

  const value = <T>(input: T, depth = 0): T => {
    if (typeof input === 'string') return text(input) as T;
    if (typeof input === 'number' || typeof input === 'bigint') return (holds(String(input)) ? REDACTED : input) as T;
    if (input === null || typeof input !== 'object') return input;
    if (depth >= MAX_WALK_DEPTH) return REDACTED as T;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1)) as T;
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(input)) copy[text(name)] = value(item, depth + 1);
    return copy as T;
  };

  const find = (input: unknown): string[] => {
    const found: string[] = [];
    const walk = (item: unknown, path: string, depth: number): void => {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'bigint') {
        if (holds(String(item))) found.push(path || '(root)');
        return;
      }
      if (item === null || typeof item !== 'object' || depth >= MAX_WALK_DEPTH) return;
      for (const [name, child] of Object.entries(item)) {
        if (holds(name)) found.push(path ? `${path}.${name}` : name);
        walk(child, Array.isArray(item) ? `${path}[${name}]` : path ? `${path}.${name}` : name, depth + 1);
      }
    };
    walk(input, '', 0);
    return found;
  };

  return { text, value: (input) => value(input), find };
}

/** The redactor where there is no key to remove (an error built outside a client, a CLI run without a key). */
export const NOTHING_TO_REDACT: Redactor = { text: (text) => text, value: (value) => value, find: () => [] };

/** A copy of response headers without the key: values redacted, headers named after it dropped. */
export function redactHeaders(headers: Headers, redact: Redactor): Headers {
  const safe = new Headers();
  headers.forEach((value, name) => {
    if (redact.text(name) === name) safe.append(name, redact.text(value));
  });
  return safe;
}
