/**
 * Distils an OpenAPI document into the run-time contract: component schemas without their
 * prose, and per operation the method, path, parameter schemas, request body schema and the
 * JSON schema of each declared response status.
 */
import type { OpenApiDocument } from './load-spec.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ContractOperation {
  method: string;
  path: string;
  pathParameters: Record<string, Json>;
  requestBody: Json;
  responses: Record<string, Json>;
}

export interface Contract {
  components: { schemas: Record<string, Json> };
  operations: Record<string, ContractOperation>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const ANNOTATIONS = new Set(['description', 'examples', 'example', 'summary', '$comment']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);

/** Follows a local `#/...` reference until it reaches a non-reference object. */
export function resolveRef(spec: unknown, node: unknown): JsonObject {
  let current = node as JsonObject;
  for (let hops = 0; typeof current?.$ref === 'string'; hops++) {
    const pointer = current.$ref as string;
    if (!pointer.startsWith('#/') || hops > 32) throw new Error(`Unsupported $ref ${pointer}`);
    current = pointer
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<JsonObject>((parent, key) => {
        const child = parent?.[key];
        if (child === undefined) throw new Error(`Unresolvable $ref ${pointer}`);
        return child as JsonObject;
      }, spec as JsonObject);
  }
  return current;
}

/** Drops prose (descriptions, examples) from a JSON Schema, keeping everything that validates. */
export function stripAnnotations(schema: Json): Json {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, stripAnnotations(sub)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(stripAnnotations);
    } else if (['items', 'additionalProperties', 'not', 'if', 'then', 'else'].includes(key)) {
      out[key] = stripAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function jsonSchemaOf(spec: OpenApiDocument, bodyOrResponse: unknown): Json {
  const content = resolveRef(spec, bodyOrResponse).content as JsonObject | undefined;
  const media = content?.['application/json'] as JsonObject | undefined;
  return media?.schema === undefined ? null : stripAnnotations(media.schema);
}

export function buildContract(spec: OpenApiDocument): Contract {
  const schemas = Object.fromEntries(
    Object.entries(spec.components.schemas ?? {}).map(([name, schema]) => [name, stripAnnotations(schema as Json)]),
  );
  const operations: Record<string, ContractOperation> = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as JsonObject | undefined;
      if (!op) continue;
      const operationId = op.operationId as string;
      if (!operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = [...shared, ...((op.parameters ?? []) as unknown[])].map((p) => resolveRef(spec, p));
      operations[operationId] = {
        method: method.toUpperCase(),
        path,
        pathParameters: Object.fromEntries(
          parameters.filter((p) => p.in === 'path').map((p) => [p.name as string, stripAnnotations(p.schema as Json)]),
        ),
        requestBody: op.requestBody ? jsonSchemaOf(spec, op.requestBody) : null,
        responses: Object.fromEntries(
          Object.entries((op.responses ?? {}) as JsonObject).map(([status, response]) => [
            status,
            jsonSchemaOf(spec, response),
          ]),
        ),
      };
    }
  }
  return { components: { schemas }, operations };
}
