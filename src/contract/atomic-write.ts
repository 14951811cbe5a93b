/**
 * Every file the contract suite writes (reports, journal, coverage, the CI step summary) is
 * written here, and every text passes the key's redactor on its way out (issue #20): a report
 * is uploaded as a CI artifact, readable by anyone who can read the repository.
 */
import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Redactor } from '../internal/gate/redact.js';

/** Writes a file so that a reader never sees it half-written: a temporary file, then a rename. */
export async function writeFileAtomic(path: string, text: string, redact: Redactor): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, redact.text(text));
  await rename(temporary, path);
}

/** Appends to a file another program owns (`$GITHUB_STEP_SUMMARY`). */
export async function appendText(path: string, text: string, redact: Redactor): Promise<void> {
  await appendFile(path, redact.text(text));
}
