import type { ObserverCheck } from '../types.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

export const contentTypeConformance: ObserverCheck = {
  name: 'content-type conformance',
  sentence: 'Every response, errors included, is JSON (each page\'s sample response; "Body of every error: {…}").',
  page: 'Error Responses; every endpoint',
  observe({ operationId, status, contentType }, record, { contract }) {
    if (!(String(status) in (contract.operations[operationId]?.responses ?? {}))) return;
    record(JSON_TYPE.test(contentType ?? ''), `${operationId} ${status} content-type is ${contentType ?? 'missing'}`, {
      status,
    });
  },
};
