/**
 * A batch's selection resolved into the loan ids it picks at the moment the batch is accepted.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { Unprocessable } from '../intake/errors.ts';
import type { LoanSelection } from './contract.ts';

/** Up to `limit` loan ids the selection picks (the caller refuses a selection that reaches the limit). */
export async function selectLoansFor(_db: Kysely<Database>, _selection: LoanSelection, _limit: number): Promise<string[]> {
  throw new Unprocessable('selections are not supported yet: give loanIds', [{ path: 'selection', message: 'not supported yet' }]);
}
