import type { ObserverCheck } from '../types.js';

export const statusConformance: ObserverCheck = {
  name: 'status conformance',
  sentence:
    'Status codes: 200 success, 201 created, 400 invalid parameters, 401 invalid or missing API key, 403 insufficient permissions, 404 resource does not exist, 429 rate limit exceeded, 500 internal error, 503 service unavailable.',
  page: 'Error Responses',
  observe({ operationId, status }, record, { contract }) {
    const declared = String(status) in (contract.operations[operationId]?.responses ?? {});
    record(declared, `${operationId} answered ${status}${declared ? '' : ', a status it does not declare'}`, {
      status,
    });
  },
};
