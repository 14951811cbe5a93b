/**
 * The journal of a contract run (issues #12 and #22), in the report directory, written atomically
 * as soon as anything changes:
 * - the sessions a run created: a run that is killed leaves their ids behind, and the next run
 *   against the same server with the same key deletes them first;
 * - the requests spent per key and UTC day, so that a run can keep within a daily budget;
 * - where the rotation of probes resumes, per key, so that successive runs send every probe.
 * Entries of other servers or keys are kept and never touched. The key itself is not stored, only
 * a fingerprint of it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redactor } from '../internal/gate/redact.js';
import { writeFileAtomic } from './atomic-write.js';

export const JOURNAL_FILE = 'contract-journal.json';
/** Days of spending kept: enough to read a week back. */
const DAYS_KEPT = 8;

interface Entry {
  baseUrl: string;
  /** The first 16 hex digits of the key's SHA-256. */
  key: string;
  sessionId: string;
  createdAt: string;
}

interface Spent {
  key: string;
  /** UTC day, `2026-12-01`. */
  day: string;
  requests: number;
}

interface Rotation {
  key: string;
  next: number;
}

interface Contents {
  entries: Entry[];
  spent: Spent[];
  rotation: Rotation[];
}

const arrayOf = <T>(value: unknown, valid: (item: Partial<T>) => boolean): T[] =>
  Array.isArray(value) ? (value as T[]).filter((item) => item && typeof item === 'object' && valid(item)) : [];

/** The UTC day of an epoch time, as the journal writes it. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class Journal {
  readonly #file: string | undefined;
  readonly #scope: { baseUrl: string; key: string };
  readonly #contents: Contents;
  readonly #redact: Redactor;
  /** Ids left by an earlier run, at the time the journal was opened. */
  readonly leftovers: readonly string[];

  private constructor(
    file: string | undefined,
    scope: { baseUrl: string; key: string },
    contents: Contents,
    redact: Redactor,
  ) {
    this.#file = file;
    this.#scope = scope;
    this.#contents = contents;
    this.#redact = redact;
    this.leftovers = this.ids();
  }

  /** Opens the journal in `dir` (in memory only without one). A corrupt file counts as empty. */
  static async open(dir: string | undefined, baseUrl: string, apiKey: string, redact: Redactor): Promise<Journal> {
    const key = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
    const file = dir === undefined ? undefined : join(dir, JOURNAL_FILE);
    const parsed = file
      ? await readFile(file, 'utf8')
          .then(
            (text) => JSON.parse(text) as Record<string, unknown>,
            () => undefined,
          )
          .catch(() => undefined)
      : undefined;
    const contents: Contents = {
      entries: arrayOf<Entry>(parsed?.entries, (e) => typeof e.sessionId === 'string'),
      spent: arrayOf<Spent>(parsed?.spent, (s) => typeof s.day === 'string' && Number.isInteger(s.requests)),
      rotation: arrayOf<Rotation>(parsed?.rotation, (r) => Number.isInteger(r.next)),
    };
    return new Journal(file, { baseUrl, key }, contents, redact);
  }

  /** The ids of this server and key that are still journaled. */
  ids(): string[] {
    return this.#contents.entries.filter((e) => this.#mine(e)).map((e) => e.sessionId);
  }

  async add(sessionId: string, at: number): Promise<void> {
    this.#contents.entries.push({ ...this.#scope, sessionId, createdAt: new Date(at).toISOString() });
    await this.#save();
  }

  async remove(sessionId: string): Promise<void> {
    const index = this.#contents.entries.findIndex((e) => this.#mine(e) && e.sessionId === sessionId);
    if (index < 0) return;
    this.#contents.entries.splice(index, 1);
    await this.#save();
  }

  /** Requests this key spent on the UTC day of `at` (every server counted: the quota is the account's). */
  spentOn(at: number): number {
    const day = utcDay(at);
    return this.#contents.spent.find((s) => s.key === this.#scope.key && s.day === day)?.requests ?? 0;
  }

  async spend(requests: number, at: number): Promise<void> {
    if (requests === 0) return;
    const day = utcDay(at);
    const entry = this.#contents.spent.find((s) => s.key === this.#scope.key && s.day === day);
    if (entry) entry.requests += requests;
    else this.#contents.spent.push({ key: this.#scope.key, day, requests });
    const oldest = utcDay(at - DAYS_KEPT * 86_400_000);
    this.#contents.spent = this.#contents.spent.filter((s) => s.day > oldest);
    await this.#save();
  }

  /** Where this key's rotation of probes resumes. */
  get rotation(): number {
    return this.#contents.rotation.find((r) => r.key === this.#scope.key)?.next ?? 0;
  }

  async setRotation(next: number): Promise<void> {
    const entry = this.#contents.rotation.find((r) => r.key === this.#scope.key);
    if (entry) entry.next = next;
    else this.#contents.rotation.push({ key: this.#scope.key, next });
    await this.#save();
  }

  #mine(entry: Entry): boolean {
    return entry.baseUrl === this.#scope.baseUrl && entry.key === this.#scope.key;
  }

  async #save(): Promise<void> {
    if (this.#file)
      await writeFileAtomic(
        this.#file,
        `${JSON.stringify({ version: 2, ...this.#contents }, null, 2)}\n`,
        this.#redact,
      );
  }
}
