/**
 * A realistic case for the document tests: a 50,000 yuan, 12-month equal-instalment consumer loan
 * at 18 %, three instalments repaid, overdue since the fourth, accelerated; claim computed here by
 * hand (integer fen) so the tests do not depend on the domain calculator.
 */
import type { ClaimCalculation, ClaimLine } from '../../../src/domain/claim.ts';
import type { Exhibit, ExhibitKind } from '../../../src/domain/evidence.ts';
import type { CaseDocumentsInput } from '../../../src/documents/input.ts';

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Equal-instalment schedule in fen (monthly rate 1.5 %). */
function schedule(principalFen: number, months: number, start: string): { period: number; dueDate: string; principalFen: number; interestFen: number }[] {
  const r = 0.18 / 12;
  const payment = Math.round((principalFen * r) / (1 - (1 + r) ** -months));
  let remaining = principalFen;
  const out = [];
  for (let p = 1; p <= months; p++) {
    const interest = Math.round(remaining * r);
    const principal = p === months ? remaining : payment - interest;
    remaining -= principal;
    out.push({ period: p, dueDate: addMonths(start, p), principalFen: principal, interestFen: interest });
  }
  return out;
}

const AS_OF = '2024-11-30';
const START = '2024-01-15';
const PENALTY_RATE = '0.27';
/** Accruals run to the day after asOf (exclusive end). */
const END = '2024-12-01';

export function claimFixture(): ClaimCalculation {
  const sched = schedule(5_000_000, 12, START);
  const paid = sched.slice(0, 3);
  const overdue = sched.filter((s) => s.period > 3 && s.dueDate <= AS_OF);
  const future = sched.filter((s) => s.dueDate > AS_OF);
  const lines: ClaimLine[] = [];
  let interestFen = 0;
  let penaltyFen = 0;
  let compoundFen = 0;
  for (const s of overdue) {
    const days = daysBetween(s.dueDate, END);
    const penalty = Math.round((s.principalFen * 0.27 * days) / 360);
    const compound = Math.round((s.interestFen * 0.27 * days) / 360);
    lines.push(
      { period: s.period, component: 'principal', basisFen: s.principalFen, rate: null, from: null, to: null, days: 0, amountFen: s.principalFen, rule: '到期未还本金' },
      { period: s.period, component: 'interest', basisFen: s.principalFen, rate: '0.18', from: addMonths(s.dueDate, -1), to: s.dueDate, days: daysBetween(addMonths(s.dueDate, -1), s.dueDate), amountFen: s.interestFen, rule: '按还款计划应付利息' },
      { period: s.period, component: 'penalty', basisFen: s.principalFen, rate: PENALTY_RATE, from: s.dueDate, to: END, days, amountFen: penalty, rule: '逾期本金×罚息利率×天数/360' },
      { period: s.period, component: 'compound', basisFen: s.interestFen, rate: PENALTY_RATE, from: s.dueDate, to: END, days, amountFen: compound, rule: '欠付利息×罚息利率×天数/360' },
    );
    interestFen += s.interestFen;
    penaltyFen += penalty;
    compoundFen += compound;
  }
  const acceleratedPrincipal = future.reduce((s, f) => s + f.principalFen, 0);
  lines.push({ period: null, component: 'principal', basisFen: acceleratedPrincipal, rate: null, from: null, to: null, days: 0, amountFen: acceleratedPrincipal, rule: '宣布提前到期的剩余本金' });
  const feesFen = 0;
  const principalFen = overdue.reduce((s, o) => s + o.principalFen, 0) + acceleratedPrincipal;
  const charges = interestFen + penaltyFen + compoundFen + feesFen;
  return {
    contractNumber: 'XF-2024-0115-000123',
    asOf: AS_OF,
    overdueSince: overdue[0]!.dueDate,
    accelerated: true,
    lines,
    totals: { principalFen, interestFen, penaltyFen, compoundFen, feesFen, totalFen: principalFen + charges },
    cap: {
      rule: { rule: 'annual_rate', rate: '0.24' },
      capRate: '0.24',
      chargesBeforeCapFen: charges,
      chargesAfterCapFen: charges,
      reductionFen: 0,
      binding: false,
      explanation: '按合同约定计算的利息、罚息、复利及费用合计未超过年利率24%的上限，未作调整。',
    },
    repaid: {
      principalFen: paid.reduce((s, p) => s + p.principalFen, 0),
      interestFen: paid.reduce((s, p) => s + p.interestFen, 0),
      penaltyFen: 0,
      totalFen: paid.reduce((s, p) => s + p.principalFen + p.interestFen, 0),
    },
    dailyPenaltyFen: Math.round((principalFen * 0.27) / 360),
    penaltyRate: PENALTY_RATE,
    totalInWords: '',
  };
}

const EXHIBITS: [ExhibitKind, string, string, string, number, boolean][] = [
  ['loan_contract', '《个人消费贷款合同》（电子签名记录）', '原告电子签约系统', '证明原、被告之间存在借款合同关系，约定借款金额、期限、利率、罚息及管辖', 6, true],
  ['disbursement_record', '放款凭证', '原告核心业务系统', '证明原告已按约向被告发放借款50,000.00元', 1, true],
  ['repayment_ledger', '还款明细', '原告核心业务系统', '证明被告还款情况及自2024年5月15日起逾期', 2, true],
  ['contact_record', '催收记录', '原告催收系统', '证明原告多次催告被告还款', 3, true],
  ['demand_delivery', '催收函及EMS投递记录', '原告、中国邮政EMS', '证明原告已向被告送达催收函，诉讼时效中断', 2, true],
  ['borrower_identity', '被告身份信息', '原告开户资料', '证明被告的诉讼主体资格', 1, false],
  ['lender_licence', '原告营业执照、金融许可证', '市场监督管理部门、金融监管部门', '证明原告的诉讼主体资格及经营范围', 2, false],
];

export function exhibitsFixture(keys: Partial<Record<ExhibitKind, { sha256: string; storageKey: string; pageCount: number }>> = {}): Exhibit[] {
  let page = 1;
  return EXHIBITS.map(([kind, name, source, purpose, pages, original], i) => {
    const stored = keys[kind];
    const count = stored?.pageCount ?? pages;
    const e: Exhibit = {
      number: i + 1,
      kind,
      name,
      source,
      purpose,
      pages: { from: page, to: page + count - 1 },
      original,
      sha256: stored?.sha256 ?? '0'.repeat(64),
      storageKey: stored?.storageKey ?? '',
      mediaType: 'application/pdf',
      pageCount: count,
    };
    page += count;
    return e;
  });
}

export const BORROWER_NAME = '刘䶮𠮷';

export function caseInput(overrides: Partial<CaseDocumentsInput> = {}): CaseDocumentsInput {
  const claim = claimFixture();
  return {
    caseId: 'case-0001',
    lender: {
      name: '嵩山示范消费金融股份有限公司',
      unifiedSocialCreditCode: '91410100MA3X00000X',
      domicile: '河南省郑州市郑东新区商务外环路10号示例大厦',
      legalRepresentative: '王喆',
      legalRepresentativeTitle: '董事长',
      phone: '400-000-0000',
      letterhead: { postcode: '450000', email: 'legal@example-cf.cn' },
    },
    borrower: {
      name: BORROWER_NAME,
      gender: 'male',
      birthDate: '1990-06-18',
      idType: 'resident_id',
      idNumber: '410105199006180035',
      phone: '13812345678',
      address: '河南省郑州市金水区文化路88号3号楼2单元501室',
      ethnicity: '汉族',
    },
    contract: {
      number: claim.contractNumber,
      signedAt: '2024-01-10',
      signedPlace: '河南省郑州市',
      principal: '50000.00',
      annualRate: '0.18',
      penaltyRateMarkup: '0.5',
      compoundInterest: true,
      termMonths: 12,
      startDate: START,
      maturityDate: '2025-01-15',
      repaymentMethod: 'equal_installment',
      jurisdictionCourt: '郑州市金水区人民法院',
      onlineSigned: true,
      accelerationClause: true,
      title: '个人消费贷款合同',
      clauses: {
        interest: '第四条',
        penalty: '第七条第一款',
        compound: '第七条第二款',
        acceleration: '第八条',
        jurisdiction: '第十八条',
        electronicService: '第十九条',
      },
    },
    disbursement: { date: START, amount: '50000.00' },
    claim,
    exhibits: exhibitsFixture(),
    lawFirm: {
      name: '河南赟信律师事务所',
      licenseNumber: '31410000MD0000000A',
      address: '河南省郑州市金水区花园路100号',
      leadLawyer: '陈堃',
      phone: '0371-60000000',
      email: 'office@example-law.cn',
      postcode: '450003',
      lawyers: [
        { name: '陈堃', licenseNumber: '14101201810000000', phone: '13900000001', email: 'chenkun@example-law.cn' },
        { name: '孙悦', licenseNumber: '14101202010000001', phone: '13900000002' },
      ],
    },
    issuedDemand: { issuedOn: '2024-12-02', letterNumber: 'ZYCF-CS-2024-1130-0001', delivery: { channel: 'ems', trackingNumber: 'EA123456789CN', deliveredAt: '2024-12-04' } },
    demand: {
      letterNumber: 'ZYCF-CS-2024-1130-0001',
      issuedOn: '2024-12-02',
      deadline: '2024-12-17',
      paymentChannels: ['通过“示例消费金融”App“我的借款—立即还款”功能还款', '转账至户名：嵩山示范消费金融股份有限公司，开户行：示例银行郑州分行营业部，账号：4100 0000 0000 0000 000'],
      contactPhone: '400-000-0000',
      contactHours: '工作日9:00—18:00',
      complaintChannel: '客户服务热线400-000-0000（转投诉专席）或App“在线客服—我要投诉”',
    },
    lawsuit: {
      court: '郑州市金水区人民法院',
      filedOn: '2025-01-06',
      willingToMediate: 'yes',
      authority: 'special',
    },
    ...overrides,
  };
}
