import type { ObserverCheck } from '../types.js';

/**
 * The one drift that hands the key to every browser (issue #22): an answer that carries it. The
 * transport has already removed it (issue #20), and says where it was.
 */
export const keyNeverInAnAnswer: ObserverCheck = {
  name: 'key never in an answer',
  sentence:
    'Sessions let a page embed the widget "without exposing your API key"; the key must "never" be "in client-side code".',
  page: 'Create Widget Session; Authentication',
  observe({ operationId, status, keyFoundAt }, record) {
    record(
      keyFoundAt.length === 0,
      keyFoundAt.length === 0
        ? `${operationId} ${status} holds no form of the API key`
        : `${operationId} ${status} held the API key in ${keyFoundAt.join(', ')} (removed from this report)`,
      { status },
    );
  },
};
