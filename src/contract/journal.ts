/**
 * The journal of sessions a run created (issue #12), in the report directory, written atomically
 * as soon as each id is known: a run that is killed leaves its ids behind, and the next run
 * against the same server with the same key deletes them first. Entries of other servers or
 * keys are kept and never touched. The key itself is not stored, only a fingerprint of it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redactor } from '../internal/redact.js';
import { writeFileAtomic } from './atomic-write.js';

export const JOURNAL_FILE = 'contract-journal.json';

interface Entry {
  baseUrl: string;
  /** The first 16 hex digits of the key's SHA-256. */
  key: string;
  sessionId: string;
  createdAt: string;
}

export class Journal {
  readonly #file: string | undefined;
  readonly #scope: { baseUrl: string; key: string };
  readonly #entries: Entry[];
  readonly #redact: Redactor;
  /** Ids left by an earlier run, at the time the journal was opened. */
  readonly leftovers: readonly string[];

  private constructor(
    file: string | undefined,
    scope: { baseUrl: string; key: string },
    entries: Entry[],
    redact: Redactor,
  ) {
    this.#file = file;
    this.#redact = redact;
    this.#scope = scope;
    this.#entries = entries;
    this.leftovers = this.ids();
  }

  /** Opens the journal in `dir` (in memory only without one). A corrupt file counts as empty. */
  static async open(dir: string | undefined, baseUrl: string, apiKey: string, redact: Redactor): Promise<Journal> {
    const key = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
    const file = dir === undefined ? undefined : join(dir, JOURNAL_FILE);
    let entries: Entry[] = [];
    if (file) {
      const parsed = await readFile(file, 'utf8').then(
        (text) => JSON.parse(text) as { entries?: unknown },
        () => undefined,
      );
      if (Array.isArray(parsed?.entries))
        entries = parsed.entries.filter((e: Partial<Entry>) => typeof e?.sessionId === 'string');
    }
    return new Journal(file, { baseUrl, key }, entries, redact);
  }

  /** The ids of this server and key that are still journaled. */
  ids(): string[] {
    return this.#entries.filter((e) => this.#mine(e)).map((e) => e.sessionId);
  }

  async add(sessionId: string, at: number): Promise<void> {
    this.#entries.push({ ...this.#scope, sessionId, createdAt: new Date(at).toISOString() });
    await this.#save();
  }

  async remove(sessionId: string): Promise<void> {
    const index = this.#entries.findIndex((e) => this.#mine(e) && e.sessionId === sessionId);
    if (index < 0) return;
    this.#entries.splice(index, 1);
    await this.#save();
  }

  #mine(entry: Entry): boolean {
    return entry.baseUrl === this.#scope.baseUrl && entry.key === this.#scope.key;
  }

  async #save(): Promise<void> {
    if (this.#file)
      await writeFileAtomic(
        this.#file,
        `${JSON.stringify({ version: 1, entries: this.#entries }, null, 2)}\n`,
        this.#redact,
      );
  }
}
