/**
 * One place that builds ajv the way every validator here needs it: JSON Schema 2020-12 (the
 * dialect of OpenAPI 3.1), formats checked, all errors reported.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { defaultExport } from '../internal/config/default-export.js';

// ajv-formats is CommonJS; under NodeNext its default import types as the module object.
const addFormats = defaultExport<typeof formatsModule.default>(formatsModule as never);

/** A fresh ajv instance for OpenAPI 3.1 schemas. `strict: false` because specs carry annotations. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}
