/**
 * View-model pieces shared by the documents: every value is pre-formatted text (amounts in figures
 * and in words, dates as 2024年3月5日, rates as percent), so templates only place values. Each piece
 * has a zod schema (the template check validates field references against it) and a builder.
 */
import { z } from 'zod';
import { addDays } from '../domain/calendar.ts';
import type { ClaimCalculation, ClaimComponent } from '../domain/claim.ts';
import type { RepaymentMethod } from '../domain/loan-snapshot.ts';
import { assertConduct } from './conduct.ts';
import { continuingInterestSentence } from './continuing-interest.ts';
import { fenInWords, formatDate, formatFen, formatRate, maskIdNumber, maskPhone, yuanToFen } from './format.ts';
import { type CaseDocuments, required } from './input.ts';
import { hasAccelerationClause } from '../domain/loan-snapshot.ts';
import { agentsOf, lenderPhone } from '../domain/parties.ts';

const S = z.string();

export const Amount = z.object({ figures: S, words: S });
export type Amount = z.infer<typeof Amount>;

/** The one place amounts are formatted (see format.ts for the money.ts hand-over). */
export function amount(fen: number): Amount {
  return { figures: formatFen(fen), words: fenInWords(fen) };
}

export const Check = z.object({ yes: S, no: S });
export type Check = z.infer<typeof Check>;
const CHECKED = '☑';
const UNCHECKED = '☐';
export const mark = (on: boolean): string => (on ? CHECKED : UNCHECKED);
export const check = (on: boolean): Check => ({ yes: mark(on), no: mark(!on) });

export const LenderView = z.object({
  name: S,
  unifiedSocialCreditCode: S,
  domicile: S,
  legalRepresentative: S,
  legalRepresentativeTitle: S.optional(),
  phone: S.optional(),
  postcode: S.optional(),
  email: S.optional(),
  letterheadLines: z.array(S),
});
export type LenderView = z.infer<typeof LenderView>;

export const PlaintiffView = LenderView.extend({ legalRepresentativeTitle: S, phone: S });
export type PlaintiffView = z.infer<typeof PlaintiffView>;

/** The lender as the lawsuit documents print it: the legal representative's title and the phone are required. */
export function plaintiffView(input: CaseDocuments, document: string): PlaintiffView {
  const view = lenderView(input);
  return {
    ...view,
    legalRepresentativeTitle: required(view.legalRepresentativeTitle, 'lender.legalRepresentativeTitle', document),
    phone: required(view.phone, 'lender.phone', document),
  };
}

export function lenderView(input: CaseDocuments): LenderView {
  const l = input.lender;
  assertConduct('lender letterhead', ...(l.letterhead?.lines ?? []));
  return {
    name: l.name,
    unifiedSocialCreditCode: l.unifiedSocialCreditCode,
    domicile: l.domicile,
    legalRepresentative: l.legalRepresentative,
    ...(l.legalRepresentativeTitle ? { legalRepresentativeTitle: l.legalRepresentativeTitle } : {}),
    ...(lenderPhone(l) ? { phone: lenderPhone(l) } : {}),
    ...(l.letterhead?.postcode ? { postcode: l.letterhead.postcode } : {}),
    ...(l.letterhead?.email ? { email: l.letterhead.email } : {}),
    letterheadLines: l.letterhead?.lines ?? [],
  };
}

export const BorrowerView = z.object({
  name: S,
  gender: S,
  male: S,
  female: S,
  birthDate: S,
  ethnicity: S,
  address: S,
  employer: S.optional(),
  habitualResidence: S.optional(),
  idType: S,
  idNumber: S,
  idNumberMasked: S,
  phone: S,
  phoneMasked: S,
  email: S.optional(),
});
export type BorrowerView = z.infer<typeof BorrowerView>;

export function borrowerView(input: CaseDocuments): BorrowerView {
  const b = input.borrower;
  return {
    name: b.name,
    gender: b.gender === 'male' ? '男' : '女',
    male: mark(b.gender === 'male'),
    female: mark(b.gender === 'female'),
    birthDate: formatDate(b.birthDate),
    ethnicity: b.ethnicity ?? '不详',
    address: b.address,
    ...(b.employer ? { employer: b.employer } : {}),
    ...(b.habitualResidence ? { habitualResidence: b.habitualResidence } : {}),
    idType: '居民身份证',
    idNumber: b.idNumber,
    idNumberMasked: maskIdNumber(b.idNumber),
    phone: b.phone,
    phoneMasked: maskPhone(b.phone),
    ...(b.email ? { email: b.email } : {}),
  };
}

export const REPAYMENT_METHOD_TEXT: Record<RepaymentMethod, string> = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  bullet: '到期一次性还本付息',
  interest_first: '按月付息、到期一次性还本',
};

export const ContractView = z.object({
  title: S,
  number: S,
  signedAt: S,
  signedPlace: S.optional(),
  principal: Amount,
  annualRate: S,
  penaltyMarkup: S,
  penaltyRate: S,
  compoundInterest: z.boolean(),
  termMonths: z.number(),
  startDate: S,
  maturityDate: S,
  repaymentMethod: S,
  jurisdictionCourt: S.optional(),
  onlineSigned: z.boolean(),
  acceleration: z.boolean(),
  /** 《title》（电子签名记录） for the contract exhibit of an online-signed contract. */
  exhibitName: S,
  clauses: z.object({
    interest: S.optional(),
    penalty: S.optional(),
    compound: S.optional(),
    acceleration: S.optional(),
    jurisdiction: S.optional(),
    enforcementCosts: S.optional(),
    electronicService: S.optional(),
  }),
});
export type ContractView = z.infer<typeof ContractView>;

/**
 * The contract as the documents print it. Its title is the contract's own (`contract.title`);
 * a document that cites a clause asks for it with `clauseOf`, which fails naming the field when the
 * snapshot lacks it. Only the demand letter, which may go out before the lawsuit data is complete,
 * names an untitled contract generically (借款合同).
 */
export function contractView(input: CaseDocuments, document?: string): ContractView {
  const c = input.contract;
  const title = document === undefined ? (c.title ?? '借款合同') : required(c.title, 'contract.title', document);
  return {
    title,
    number: c.number,
    signedAt: formatDate(c.signedAt),
    ...(c.signedPlace ? { signedPlace: c.signedPlace } : {}),
    principal: amount(yuanToFen(c.principal)),
    annualRate: formatRate(c.annualRate),
    penaltyMarkup: formatRate(c.penaltyRateMarkup),
    penaltyRate: formatRate(input.claim.penaltyRate),
    compoundInterest: c.compoundInterest,
    termMonths: c.termMonths,
    startDate: formatDate(c.startDate),
    maturityDate: formatDate(c.maturityDate),
    repaymentMethod: REPAYMENT_METHOD_TEXT[c.repaymentMethod],
    ...(c.jurisdictionCourt ? { jurisdictionCourt: c.jurisdictionCourt } : {}),
    onlineSigned: c.onlineSigned,
    acceleration: hasAccelerationClause(c),
    exhibitName: `《${title}》${c.onlineSigned ? '（电子签名记录）' : ''}`,
    clauses: { ...c.clauses },
  };
}

export type ClauseName = keyof NonNullable<CaseDocuments['contract']['clauses']>;

/** A clause reference the document cites, as printed in the contract; fails naming the field when absent. */
export function clauseOf(input: CaseDocuments, name: ClauseName, document: string): string {
  return required(input.contract.clauses?.[name], `contract.clauses.${name}`, document);
}

export const DisbursementView = z.object({ date: S, amount: Amount });
export function disbursementView(input: CaseDocuments): z.infer<typeof DisbursementView> {
  return { date: formatDate(input.disbursement.date), amount: amount(yuanToFen(input.disbursement.amount)) };
}

export const COMPONENT_TEXT: Record<ClaimComponent, string> = {
  principal: '本金',
  interest: '利息',
  penalty: '罚息',
  compound: '复利',
  fee: '费用',
};

const SummaryRow = z.object({ label: S, figures: S, words: S });

export const ClaimView = z.object({
  asOf: S,
  nextDay: S,
  overdueSince: S.optional(),
  accelerated: z.boolean(),
  principal: Amount,
  interest: Amount,
  penalty: Amount,
  compound: Amount,
  fees: Amount,
  charges: Amount,
  total: Amount,
  hasCompound: z.boolean(),
  hasFees: z.boolean(),
  /** 本金 / 利息 / 罚息 / (复利) / 费用 rows for summary tables; 合计 is `total`. */
  rows: z.array(SummaryRow),
  penaltyRate: S,
  dailyPenalty: S,
  /** 已还款项, complete: every part a payment went to, and money held for instalments not yet due; the parts add up to total. */
  repaid: z.object({ principal: Amount, interest: Amount, penalty: Amount, compound: Amount, fees: Amount, unapplied: Amount, total: Amount }),
  /** What keeps accruing after asOf (至实际清偿之日止), the same sentence in every document. */
  continuing: S,
  cap: z.object({ rate: S, ruleText: S, before: Amount, after: Amount, reduction: Amount, binding: z.boolean(), explanation: S }),
});
export type ClaimView = z.infer<typeof ClaimView>;

export function claimView(claim: ClaimCalculation, compoundInterest: boolean): ClaimView {
  const t = claim.totals;
  const hasCompound = compoundInterest || t.compoundFen > 0;
  const row = (label: string, fen: number) => ({ label, ...amount(fen) });
  const rows = [row('本金', t.principalFen), row('利息', t.interestFen), row('罚息', t.penaltyFen)];
  if (hasCompound) rows.push(row('复利', t.compoundFen));
  rows.push(row('费用', t.feesFen));
  const rule = claim.cap.rule;
  return {
    asOf: formatDate(claim.asOf),
    nextDay: formatDate(addDays(claim.asOf, 1)),
    ...(claim.overdueSince ? { overdueSince: formatDate(claim.overdueSince) } : {}),
    accelerated: claim.accelerated,
    principal: amount(t.principalFen),
    interest: amount(t.interestFen),
    penalty: amount(t.penaltyFen),
    compound: amount(t.compoundFen),
    fees: amount(t.feesFen),
    charges: amount(t.interestFen + t.penaltyFen + t.compoundFen + t.feesFen),
    total: amount(t.totalFen),
    hasCompound,
    hasFees: t.feesFen > 0,
    rows,
    penaltyRate: formatRate(claim.penaltyRate),
    dailyPenalty: formatFen(claim.dailyPenaltyFen),
    repaid: {
      principal: amount(claim.repaid.principalFen),
      interest: amount(claim.repaid.interestFen),
      penalty: amount(claim.repaid.penaltyFen),
      compound: amount(claim.repaid.compoundFen ?? 0),
      fees: amount(claim.repaid.feesFen ?? 0),
      unapplied: amount(claim.repaid.unappliedFen ?? 0),
      total: amount(claim.repaid.totalFen),
    },
    continuing: continuingInterestSentence(claim),
    cap: {
      rate: formatRate(claim.cap.capRate),
      ruleText: rule.rule === 'annual_rate' ? `年利率${formatRate(rule.rate)}` : `一年期贷款市场报价利率（LPR ${formatRate(rule.lpr)}）的${rule.multiple}倍`,
      before: amount(claim.cap.chargesBeforeCapFen),
      after: amount(claim.cap.chargesAfterCapFen),
      reduction: amount(claim.cap.reductionFen),
      binding: claim.cap.binding,
      explanation: claim.cap.explanation,
    },
  };
}

export const LawyerView = z.object({ name: S, licenseNumber: S, phone: S, email: S.optional() });
export type LawyerView = z.infer<typeof LawyerView>;

export const LawFirmView = z.object({
  name: S,
  licenseNumber: S,
  address: S,
  phone: S,
  postcode: S,
  email: S.optional(),
  /** The lead lawyer (the firm's first lawyer). */
  leadLawyer: LawyerView,
  /** The agents named in the power of attorney and the 所函: the lead lawyer and one more. */
  agents: z.array(LawyerView).min(1),
  agentNames: S,
});
export type LawFirmView = z.infer<typeof LawFirmView>;

/** The firm as the lawsuit documents print it: phone, postcode and lawyers come from its data or the document fails naming them. */
export function lawFirmView(input: CaseDocuments, document: string): LawFirmView {
  const f = required(input.lawFirm, 'lawFirm', document);
  const agents = agentsOf(f).map((l) => ({ name: l.name, licenseNumber: l.licenseNumber, phone: l.phone, ...(l.email ? { email: l.email } : {}) }));
  const lead = required(agents[0], 'lawFirm.lawyers', document);
  return {
    name: f.name,
    licenseNumber: f.licenseNumber,
    address: f.address,
    phone: required(f.phone, 'lawFirm.phone', document),
    postcode: required(f.postcode, 'lawFirm.postcode', document),
    ...(f.email ? { email: f.email } : {}),
    leadLawyer: lead,
    agents,
    agentNames: agents.map((a) => a.name).join('、'),
  };
}
