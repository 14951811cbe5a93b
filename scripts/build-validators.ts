/**
 * Ahead-of-time validators: ajv standalone code for every schema the client checks, so that no
 * schema is compiled at run time. Two modules, so the client's main entry stays small:
 * request validators (no formats) are imported with it, response validators (which need
 * ajv-formats) only load when `validateResponses` is on.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import formatsModule from 'ajv-formats';
import { defaultExport } from '../src/internal/config/default-export.js';
import type { Contract } from './build-contract.js';

const standaloneCode = defaultExport<typeof standaloneModule.default>(standaloneModule as never);
const addFormats = defaultExport<typeof formatsModule.default>(formatsModule as never);
const CONTRACT_ID = 'https://konpro-widget-sessions.invalid/contract.json';

const DECLARATION = `/** A compiled ajv validator: true when valid, else \`errors\` says why. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }> | null;
}
/** Validators keyed \`operationId/requestBody\`, \`operationId/path/name\` or \`operationId/status\`. */
export declare const validators: Record<string, CompiledValidator>;
`;

/**
 * ajv's standalone "ESM" still calls require() for its runtime helpers; turn those into namespace
 * imports, which Node, bundlers and CommonJS interop all resolve the same way. A `.default` of a
 * CommonJS module does not mean the same thing everywhere, so it is refused.
 */
function toEsm(code: string): string {
  const modules = new Map<string, string>();
  const body = code.replace(/require\("([^"]+)"\)(\.default)?/g, (_match, specifier: string, dotDefault?: string) => {
    if (dotDefault) throw new Error(`generated validators would need the default export of ${specifier}`);
    if (!modules.has(specifier)) modules.set(specifier, `runtime${modules.size}`);
    return modules.get(specifier)!;
  });
  const imports = [...modules].map(([specifier, name]) => `import * as ${name} from "${specifier}.js";`);
  return `${imports.join('\n')}${imports.length ? '\n' : ''}${body.replace(/^"use strict";/, '')}`;
}

function render(contract: Contract, refs: Record<string, string>): string {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    // String lengths in code units: no run-time helper, and the spec's only minLength is 1.
    // ajv calls the option deprecated but still honours it; only that one warning is dropped.
    unicode: false,
    logger: {
      log: console.log,
      warn: (...args: unknown[]) => String(args[0]).startsWith('DEPRECATED: option unicode') || console.warn(...args),
      error: console.error,
    },
    code: { esm: true, source: true, lines: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  ajv.addSchema({ $id: CONTRACT_ID, ...contract });
  const names = Object.keys(refs);
  const exported = Object.fromEntries(names.map((key, i) => [`v${i}`, `${CONTRACT_ID}#${refs[key]}`]));
  const code = toEsm(standaloneCode(ajv, exported));
  const map = names.map((key, i) => `  ${JSON.stringify(key)}: v${i},`).join('\n');
  return `${code}\n\nexport const validators = {\n${map}\n};\n`;
}

/** The two validator modules (code and declarations), keyed by path. */
export function renderValidators(contract: Contract, header: string): Array<[string, string]> {
  const request: Record<string, string> = {};
  const response: Record<string, string> = {};
  for (const [operationId, op] of Object.entries(contract.operations)) {
    if (op.requestBody) request[`${operationId}/requestBody`] = `/operations/${operationId}/requestBody`;
    for (const name of Object.keys(op.pathParameters)) {
      request[`${operationId}/path/${name}`] = `/operations/${operationId}/pathParameters/${name}`;
    }
    for (const [status, schema] of Object.entries(op.responses)) {
      if (schema !== null) response[`${operationId}/${status}`] = `/operations/${operationId}/responses/${status}`;
    }
  }
  return [
    ['generated/request-validators.js', `${header}${render(contract, request)}`],
    ['generated/request-validators.d.ts', `${header}${DECLARATION}`],
    ['generated/response-validators.js', `${header}${render(contract, response)}`],
    ['generated/response-validators.d.ts', `${header}${DECLARATION}`],
  ];
}
