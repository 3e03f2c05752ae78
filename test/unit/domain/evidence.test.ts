import { describe, expect, it } from 'vitest';
import { checkCompleteness, type CompletenessInput, hasBlockers } from '../../../src/domain/evidence-completeness.ts';
import { numberExhibits } from '../../../src/domain/exhibits.ts';

const complete: CompletenessInput = {
  stage: 'lawsuit',
  exhibitKinds: ['loan_contract', 'disbursement_record', 'repayment_ledger', 'contact_record', 'borrower_identity', 'lender_licence'],
  limitation: { status: 'ok', deadline: '2027-03-15', agreedAfterExpiry: null },
  amountProblems: [],
  contactRecordCount: 3,
  demandDelivered: true,
  demandPeriodRanOutside: false,
  borrowerAddress: '北京市朝阳区建国路88号',
};

const codes = (input: CompletenessInput) => checkCompleteness(input).map((i) => `${i.code}:${i.severity}`);

describe('checkCompleteness', () => {
  it('finds nothing in a complete bundle', () => {
    expect(checkCompleteness(complete)).toEqual([]);
  });

  it('blocks without signed contract, disbursement proof, or consistent amounts, at both stages', () => {
    for (const stage of ['demand', 'lawsuit'] as const) {
      const issues = codes({ ...complete, stage, exhibitKinds: ['repayment_ledger'], amountProblems: ['schedule principal adds up to 999.99'] });
      expect(issues).toEqual(['no_signed_contract:blocker', 'no_disbursement_proof:blocker', 'amounts_inconsistent:blocker']);
    }
  });

  it('warns, without blocking, when scheduled interest does not fit the contract rate', () => {
    const issues = checkCompleteness({ ...complete, interestWarnings: ['schedule[1].interest: the rate gives 6.67'] });
    expect(issues).toEqual([{ code: 'interest_off_rate', severity: 'warning', message: expect.stringContaining('the rate gives 6.67') }]);
    expect(hasBlockers(issues)).toBe(false);
  });

  it('requires a delivered demand for the lawsuit only, unless the demand period ran outside', () => {
    const undelivered = { ...complete, demandDelivered: false };
    expect(codes(undelivered)).toEqual(['no_delivered_demand:blocker']);
    expect(codes({ ...undelivered, stage: 'demand' })).toEqual([]);
    expect(codes({ ...undelivered, demandPeriodRanOutside: true })).toEqual([]);
    expect(codes({ ...undelivered, exhibitKinds: [...complete.exhibitKinds, 'demand_delivery'] })).toEqual([]);
  });

  it('blocks on expired limitation, warns when expiring or when the borrower agreed after expiry', () => {
    expect(codes({ ...complete, stage: 'demand', limitation: { status: 'expired', deadline: '2023-03-15', agreedAfterExpiry: null } })).toEqual([
      'limitation_expired:blocker',
    ]);
    expect(codes({ ...complete, limitation: { status: 'expiring', deadline: '2027-03-15', agreedAfterExpiry: null } })).toEqual(['limitation_expiring:warning']);
    const agreed = { status: 'expired', deadline: '2023-03-15', agreedAfterExpiry: { type: 'payment', date: '2023-05-01' } } as const;
    expect(codes({ ...complete, limitation: agreed })).toEqual(['limitation_expired:warning']);
  });

  it('only warns about a missing contact record or address', () => {
    const issues = checkCompleteness({ ...complete, exhibitKinds: ['loan_contract', 'disbursement_record'], contactRecordCount: 0, borrowerAddress: ' ' });
    expect(issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['no_contact_record:warning', 'borrower_address_missing:warning']);
    expect(hasBlockers(issues)).toBe(false);
    expect(hasBlockers(checkCompleteness({ ...complete, exhibitKinds: [] }))).toBe(true);
  });
});

describe('numberExhibits', () => {
  it('orders exhibits the standard way, numbers them and assigns page ranges', () => {
    const exhibits = numberExhibits(
      [
        { kind: 'repayment_ledger', pageCount: 3, sha256: 'c' },
        { kind: 'loan_contract', pageCount: 8, sha256: 'a', name: '《个人消费贷款合同》' },
        { kind: 'contact_record', pageCount: 2, sha256: 'd' },
        { kind: 'disbursement_record', pageCount: 1, sha256: 'b' },
        { kind: 'borrower_identity', pageCount: 1, sha256: 'e' },
      ],
      5,
    );
    // pages from 5: identity 5–5, contract 6–13, disbursement 14–14, ledger 15–17, contact 18–19
    expect(exhibits.map((e) => [e.number, e.kind, e.pages.from, e.pages.to, e.sha256])).toEqual([
      [1, 'borrower_identity', 5, 5, 'e'],
      [2, 'loan_contract', 6, 13, 'a'],
      [3, 'disbursement_record', 14, 14, 'b'],
      [4, 'repayment_ledger', 15, 17, 'c'],
      [5, 'contact_record', 18, 19, 'd'],
    ]);
    expect(exhibits[1]).toMatchObject({ name: '《个人消费贷款合同》', source: '原告', original: true });
    expect(exhibits[1]?.purpose).toContain('金融借款合同关系');
    expect(exhibits[0]).toMatchObject({ name: '被告身份信息（借款时实名认证记录）', original: false });
  });

  it('keeps the given order within a kind and refuses empty files', () => {
    const two = numberExhibits([
      { kind: 'contact_record', pageCount: 1, id: 'x' },
      { kind: 'contact_record', pageCount: 1, id: 'y' },
    ]);
    expect(two.map((e) => [e.id, e.number, e.pages.from])).toEqual([
      ['x', 1, 1],
      ['y', 2, 2],
    ]);
    expect(() => numberExhibits([{ kind: 'loan_contract', pageCount: 0 }])).toThrow(RangeError);
  });
});
