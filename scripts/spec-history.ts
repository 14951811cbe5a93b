/** The spec and package version at a git ref, and which ref to compare with by default. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type OpenApiDocument, SPEC_PATH } from './load-spec.js';

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * What a spec change is judged against: the latest tag; else the newest commit whose package.json
 * has another version than now (the last release: every change made under an unreleased version
 * counts against that version's bump); else the merge base with main (when it is not HEAD
 * itself); else the previous commit (HEAD when the spec or package.json has uncommitted edits).
 */
export function defaultBase(cwd: string): string | undefined {
  const tag = git(['describe', '--tags', '--abbrev=0'], cwd);
  if (tag) return tag;
  const current = versionAt(undefined, cwd);
  const versionCommits = git(['log', '--format=%H', '--', 'package.json'], cwd)?.split('\n').filter(Boolean) ?? [];
  const lastRelease = versionCommits.find((commit) => versionAt(commit, cwd) !== current);
  if (lastRelease) return lastRelease;
  const head = git(['rev-parse', 'HEAD'], cwd);
  const mergeBase = git(['merge-base', 'HEAD', 'main'], cwd);
  if (mergeBase && mergeBase !== head) return mergeBase;
  const edited = git(['diff', '--quiet', 'HEAD', '--', SPEC_PATH, 'package.json'], cwd) === undefined;
  if (head && edited) return 'HEAD';
  return git(['rev-parse', '--verify', '--quiet', 'HEAD~1'], cwd) ? 'HEAD~1' : undefined;
}

/** Whether the spec has edits git has not committed. */
export function specEdited(cwd: string): boolean {
  return (
    git(['diff', '--quiet', 'HEAD', '--', SPEC_PATH], cwd) === undefined &&
    git(['rev-parse', 'HEAD'], cwd) !== undefined
  );
}

/** The spec at `ref`, or undefined when it did not exist there. */
export function specAt(ref: string, cwd: string): OpenApiDocument | undefined {
  const text = git(['show', `${ref}:${SPEC_PATH}`], cwd);
  return text === undefined ? undefined : (parse(text) as OpenApiDocument);
}

/** package.json's version at `ref`, or in the working tree when `ref` is undefined. */
export function versionAt(ref: string | undefined, cwd: string): string | undefined {
  const text =
    ref === undefined ? readFileSync(`${cwd}/package.json`, 'utf8') : git(['show', `${ref}:package.json`], cwd);
  return text === undefined ? undefined : (JSON.parse(text) as { version?: string }).version;
}

/** The spec in the working tree. */
export function currentSpec(cwd: string): OpenApiDocument {
  return parse(readFileSync(`${cwd}/${SPEC_PATH}`, 'utf8')) as OpenApiDocument;
}

/** Parses the `--base REF` argument. */
export function baseArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--base');
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--base='))?.slice('--base='.length);
}
