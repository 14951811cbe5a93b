import type { ObserverCheck } from '../types.js';

export const notAServerError: ObserverCheck = {
  name: 'not a server error',
  sentence:
    '500 is an internal error: a valid request gets 200 or 201, never a 5xx (503, "service unavailable", is waited out).',
  page: 'Error Responses',
  observe({ operationId, status, intent }, record) {
    if (intent !== 'valid' || status === 503) return;
    record(status < 500, `a valid ${operationId} request answered ${status}`, { status });
  },
};
