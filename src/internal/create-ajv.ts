/**
 * One place that builds ajv the way every validator here needs it: JSON Schema 2020-12 (the
 * dialect of OpenAPI 3.1), formats checked, all errors reported.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS (`module.exports = plugin`, plus `exports.default = plugin`). Under
// NodeNext its default import types as the module object rather than the plugin, and bundlers
// may hand us either shape at run time, so take `.default` when it is there.
type FormatsPlugin = typeof formatsModule.default;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);

/** A fresh ajv instance for OpenAPI 3.1 schemas. `strict: false` because specs carry annotations. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}
