import type { ObserverCheck } from '../types.js';

export const schemaConformance: ObserverCheck = {
  name: 'schema conformance',
  sentence:
    'Each endpoint\'s response fields and types (session_token, expires_at, widget_url, session_id; status, created_at; message; valid, key_id, scopes, metadata), and the error body {"error": {"code", "message", "details"?}, "request_id"}.',
  page: 'every endpoint; Error Responses',
  observe({ operationId, status, bodyText, parsed }, record, { contract, validators }) {
    if (!(String(status) in (contract.operations[operationId]?.responses ?? {}))) return;
    if ('problem' in parsed)
      return record(false, `${operationId} ${status} body ${parsed.problem}`, {
        status,
        path: '$',
        value: bodyText.slice(0, 120),
      });
    const problems = validators.responseBody(operationId, status, parsed.json);
    for (const p of problems) {
      const path = p.path === '(root)' ? '$' : `$.${p.path}`;
      record(false, `${operationId} ${status} ${path} ${p.message}`, { status, path, value: p.value });
    }
    if (problems.length === 0) record(true, `${operationId} ${status} body matches the schema`, { status });
  },
};
