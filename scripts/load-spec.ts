/** Loads openapi/konpro.yaml, the single source of truth, as plain JSON. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const SPEC_PATH = 'openapi/konpro.yaml';
export const SPEC_FILE = fileURLToPath(new URL(`../${SPEC_PATH}`, import.meta.url));

/** The parts of an OpenAPI document this project reads; everything else stays `unknown`. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export async function loadSpec(): Promise<OpenApiDocument> {
  return parse(await readFile(SPEC_FILE, 'utf8')) as OpenApiDocument;
}
