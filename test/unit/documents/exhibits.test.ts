/**
 * The generated exhibit sheets (放款凭证, 还款明细, 催收记录), built from a fixture loan and read back
 * with pdftotext: every period's due date and amounts, every payment, every contact.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../src/domain/schedule.ts';
import type { LoanSnapshot } from '../../../src/domain/loan-snapshot.ts';
import { borrowerIdentity, contactRecord, disbursementRecord, type ExhibitSource, renderExhibit, repaymentLedger } from '../../../src/documents/exhibits/index.ts';
import { repaymentLedgerView } from '../../../src/documents/exhibits/repayment-ledger.ts';
import { pdfText } from './helpers.ts';

const START = '2024-01-15';
const schedule = buildSchedule('equal_installment', 1_200_000, '0.12', 12, START);

function loan(): LoanSnapshot {
  return {
    lenderId: 'lender-a',
    borrower: { name: '王芳', gender: 'female', birthDate: '1949-12-31', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13800138000', address: '北京市朝阳区建国路88号' },
    contract: {
      number: 'HT-2024-0001', signedAt: START, principal: '12000.00', annualRate: '0.12', penaltyRateMarkup: '0.5', compoundInterest: false, termMonths: 12,
      startDate: START, maturityDate: '2025-01-15', repaymentMethod: 'equal_installment', onlineSigned: true, accelerationClause: true,
    },
    disbursement: { date: START, amount: '12000.00' },
    schedule,
    // Periods 1–3 paid on their due dates (1,066.19 each), then 500.00 towards period 4.
    payments: [...schedule.slice(0, 3).map((s) => ({ paidAt: s.dueDate, amount: '1066.19' })), { paidAt: '2024-05-20', amount: '500.00' }],
  };
}

const source = (): ExhibitSource => ({
  caseId: 'case-1',
  lenderName: '嵩山示范消费金融股份有限公司',
  contractTitle: '个人消费借款合同',
  loan: loan(),
  contacts: [
    { occurredAt: '2024-06-01T02:00:00Z', channel: 'phone', outcome: '借款人承诺月底还款', collector: '催收员甲' },
    { occurredAt: '2024-07-03T01:30:00Z', channel: 'sms', outcome: '已发送还款提醒短信', collector: null },
  ],
  demands: [{ issuedOn: '2024-08-01', deliveredAt: '2024-08-03', channel: 'ems', trackingNumber: 'EMS1234567890' }],
  asOf: '2024-09-30',
});

const compact = (text: string) => text.replace(/\s+/g, '');

describe('exhibit sheets', () => {
  it('还款明细: each period\'s due date, scheduled and paid amounts, and every payment', async () => {
    const view = repaymentLedgerView(source());
    // Instalment: 1,066.19 a month (12,000 at 1 % a month over 12 months). Period 1: interest 120.00, principal 946.19.
    expect(view.periods[0]).toMatchObject({ dueDate: '2024-02-15', interest: '120.00', principal: '946.19', scheduled: '1,066.19', paid: '1,066.19', status: '已结清' });
    // Period 4 (due 2024-05-15, principal 974.86): 500.00 paid on 2024-05-20 goes first to 5 days'
    // penalty at 18 % (12 % × 1.5) on its principal: 974.86 × 0.18 / 360 × 5 = 2.437 → 2.44;
    // the other 497.56 to interest and principal.
    const p4 = view.periods[3]!;
    expect(p4).toMatchObject({ dueDate: '2024-05-15', principal: '974.86', penaltyPaid: '2.44', paid: '497.56' });
    expect(p4.status).toBe('逾期');
    expect(view.periods[4]!.status).toBe('逾期');
    expect(view.periods[11]!.status).toBe('未到期');
    expect(view.paymentsTotal.figures).toBe('3,698.57');

    const { pdf } = await renderExhibit(repaymentLedger, source());
    const text = compact(pdfText(pdf.bytes));
    expect(text).toContain('还款明细');
    for (const p of view.periods) {
      expect(text).toContain(compact(`${p.period}${p.dueDate}${p.principal}${p.interest}${p.scheduled}${p.paid}${p.penaltyPaid}${p.status}`));
    }
    for (const s of schedule) expect(text).toContain(s.dueDate);
    for (const [i, p] of loan().payments.entries()) expect(text).toContain(`${i + 1}${p.paidAt}${p.amount === '500.00' ? '500.00' : '1,066.19'}`);
    expect(text).toContain('3,698.57');
  });

  it('催收记录: every contact with time (China time), channel, outcome and collector, and the delivered demand', async () => {
    const { pdf } = await renderExhibit(contactRecord, source());
    const text = compact(pdfText(pdf.bytes));
    expect(text).toContain('12024-06-0110:00电话借款人承诺月底还款催收员甲');
    expect(text).toContain('22024-07-0309:30短信已发送还款提醒短信—');
    expect(text).toContain('2024-08-012024-08-03中国邮政EMSEMS1234567890');
    expect(text).not.toContain('13800138000');
  });

  it('放款凭证: date and amount of the disbursement, ID number masked', async () => {
    const { pdf } = await renderExhibit(disbursementRecord, source());
    expect(pdf.pages).toBe(1);
    const text = compact(pdfText(pdf.bytes));
    expect(text).toContain('2024年1月15日');
    expect(text).toContain('12,000.00');
    expect(text).toContain('壹万贰仟元整');
    expect(text).toContain('110105********002X');
    expect(text).not.toContain('11010519491231002X');
  });

  it('被告身份信息: the defendant as verified at application, ID number in full', async () => {
    const { pdf } = await renderExhibit(borrowerIdentity, source());
    expect(pdf.pages).toBe(1);
    const text = compact(pdfText(pdf.bytes));
    for (const expected of ['被告身份信息', '王芳', '女', '1949年12月31日', '居民身份证', '11010519491231002X', '北京市朝阳区建国路88号', '13800138000', 'HT-2024-0001']) {
      expect(text).toContain(expected);
    }
  });
});
