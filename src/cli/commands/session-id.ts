/** `get` and `delete` take one SESSION_ID; the spec's complaints about it name the argument. */
import { KonproValidationError } from '../../errors.js';
import { UsageError } from '../exit-codes.js';

export async function withSessionId<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof KonproValidationError)) throw error;
    throw new UsageError(error.problems.map((p) => `SESSION_ID ${p.message}`).join('; '));
  }
}
