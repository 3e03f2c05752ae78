/** The CLI's loan file: a loanId column (and lenderId), each loan once, one lender; anything else is one clear error. */
import { describe, expect, it } from 'vitest';
import { loanIdsFromCsv } from '../../../src/cli/escalate.ts';

describe('escalate --file', () => {
  it('reads the loan ids of a CSV with a header, BOM and blank lines tolerated', () => {
    expect(loanIdsFromCsv('\uFEFFloanId,lenderId\nL-1,lender-a\n\nL-2,lender-a\n', 'lender-a')).toEqual(['L-1', 'L-2']);
    expect(loanIdsFromCsv('loanId\nL-1\nL-2\n', undefined)).toEqual(['L-1', 'L-2']);
  });

  it('refuses unknown columns, a missing loanId column, duplicate ids and loans of another lender', () => {
    expect(() => loanIdsFromCsv('loanId,amount\nL-1,5\n', undefined)).toThrow('unknown CSV column(s): amount (allowed: loanId, lenderId)');
    expect(() => loanIdsFromCsv('id\nL-1\n', undefined)).toThrow('the CSV needs a "loanId" column; it has: id');
    expect(() => loanIdsFromCsv('loanId\nL-1\nL-2\nL-1\n', undefined)).toThrow('duplicate loan ids: L-1 (lines 2 and 4)');
    expect(() => loanIdsFromCsv('loanId,lenderId\nL-1,lender-a\nL-2,lender-b\n', 'lender-a')).toThrow('loans of another lender than lender-a: L-2 (lender-b)');
    expect(() => loanIdsFromCsv('loanId\n', undefined)).toThrow('the CSV has no loans');
  });
});
