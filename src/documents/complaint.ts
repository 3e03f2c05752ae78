/** 民事起诉状（金融借款合同纠纷，要素式）: every element of domain.md §3. */
import { z } from 'zod';
import { chineseNumeral, formatDate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import { DocumentInputError, LawsuitTerms, type CaseDocuments } from './input.ts';
import {
  BorrowerView,
  borrowerView,
  Check,
  check,
  ClaimView,
  claimView,
  clauseOf,
  ContractView,
  contractView,
  DisbursementView,
  disbursementView,
  lawFirmView,
  mark,
  PlaintiffView,
  plaintiffView,
  REPAYMENT_METHOD_TEXT,
} from './views.ts';

const S = z.string();

export type Lawsuit = z.output<typeof LawsuitTerms>;

export function lawsuitOf(input: CaseDocuments, document: string): Lawsuit {
  if (!input.lawsuit) throw new DocumentInputError(`${document} needs the lawsuit terms (input.lawsuit)`);
  return input.lawsuit;
}

export const ServiceView = z.object({
  recipient: S,
  address: S,
  postcode: S.optional(),
  phone: S,
  email: S.optional(),
  electronic: Check,
  electronicMethods: S,
});
export type ServiceView = z.infer<typeof ServiceView>;

/**
 * Where the court serves the plaintiff: as given, else the firm's lead lawyer at the firm (the
 * lawyer's own phone and e-mail, the firm's e-mail when the lawyer has none). Never the lender's
 * hotline: a datum the firm has not supplied fails naming it.
 */
export function serviceView(input: CaseDocuments, lawsuit: Lawsuit, document: string): ServiceView {
  const s = lawsuit.serviceAddress;
  let base: { recipient: string; address: string; postcode?: string | undefined; phone: string; email?: string | undefined; electronic: boolean };
  if (s) {
    base = { recipient: s.recipient, address: s.address, postcode: s.postcode, phone: s.phone, email: s.email, electronic: s.electronicService };
  } else {
    const firm = lawFirmView(input, document);
    base = { recipient: firm.leadLawyer.name, address: firm.address, postcode: firm.postcode, phone: firm.leadLawyer.phone, email: firm.leadLawyer.email ?? firm.email, electronic: true };
  }
  const methods = [base.email ? `电子邮箱 ${base.email}` : null, `短信 ${base.phone}`].filter((m): m is string => m !== null);
  return {
    recipient: base.recipient,
    address: base.address,
    ...(base.postcode ? { postcode: base.postcode } : {}),
    phone: base.phone,
    ...(base.email ? { email: base.email } : {}),
    electronic: check(base.electronic),
    electronicMethods: base.electronic ? methods.join('；') : '',
  };
}

export const ComplaintView = z.object({
  lender: PlaintiffView,
  borrower: BorrowerView,
  contract: ContractView,
  disbursement: DisbursementView,
  claim: ClaimView,
  agents: z.array(z.object({ name: S, firm: S, phone: S })).min(1),
  authority: z.object({ general: S, special: S }),
  /** The contract clauses the complaint cites, as printed in the contract. */
  clauses: z.object({ interest: S, penalty: S, compound: S.optional(), acceleration: S.optional(), jurisdiction: S.optional() }),
  /** The acceleration: declared by the demand letter, delivered to the borrower. */
  acceleration: z.object({ clause: S, declaredOn: S.optional(), letter: S.optional(), delivery: S.optional() }).optional(),
  service: ServiceView,
  /** `copies` in words (一份): one numeral style for the counts of the document. */
  lawsuit: z.object({ court: S, filedOn: S, copies: S }),
  jurisdiction: z.object({ clause: S.optional(), basis: S }),
  preservation: z.object({ court: S.optional(), date: S.optional() }),
  checks: z.object({
    acceleration: Check,
    fees: Check,
    jurisdiction: Check,
    preSuit: Check,
    applyNow: Check,
    matured: Check,
    mediate: z.object({ yes: S, no: S, undecided: S }),
  }),
  repaymentMethods: z.array(z.object({ label: S, mark: S })),
  exhibits: z.array(z.object({ label: S, name: S })),
});
export type ComplaintView = z.infer<typeof ComplaintView>;

function complaintView(input: CaseDocuments): ComplaintView {
  const DOC = '民事起诉状';
  const lawsuit = lawsuitOf(input, DOC);
  const contract = contractView(input, DOC);
  const claim = claimView(input.claim, input.contract.compoundInterest);
  const court = input.contract.jurisdictionCourt;
  const firm = lawFirmView(input, DOC);
  const clauses = {
    interest: clauseOf(input, 'interest', DOC),
    penalty: clauseOf(input, 'penalty', DOC),
    ...(input.contract.compoundInterest ? { compound: clauseOf(input, 'compound', DOC) } : {}),
    ...(input.claim.accelerated ? { acceleration: clauseOf(input, 'acceleration', DOC) } : {}),
    ...(court ? { jurisdiction: clauseOf(input, 'jurisdiction', DOC) } : {}),
  };
  const declared = input.issuedDemand;
  return {
    lender: plaintiffView(input, DOC),
    borrower: borrowerView(input),
    contract,
    disbursement: disbursementView(input),
    claim,
    agents: firm.agents.map((a) => ({ name: a.name, firm: firm.name, phone: a.phone })),
    authority: { general: mark(lawsuit.authority === 'general'), special: mark(lawsuit.authority === 'special') },
    clauses,
    ...(clauses.acceleration
      ? {
          acceleration: {
            clause: clauses.acceleration,
            ...(declared ? { declaredOn: formatDate(declared.issuedOn), letter: declared.letter } : {}),
            ...(declared?.delivery ? { delivery: deliveryText(declared.delivery) } : {}),
          },
        }
      : {}),
    service: serviceView(input, lawsuit, DOC),
    lawsuit: { court: lawsuit.court, filedOn: formatDate(lawsuit.filedOn), copies: chineseNumeral(1) },
    jurisdiction: {
      ...(court ? { clause: `《${contract.title}》${clauses.jurisdiction}约定，因合同发生的争议由${court}管辖` } : {}),
      basis:
        lawsuit.jurisdictionBasis ??
        (court ? '《中华人民共和国民事诉讼法》第三十五条及合同约定' : '《中华人民共和国民事诉讼法》第二十四条，由被告住所地或者合同履行地人民法院管辖'),
    },
    preservation: {
      ...(lawsuit.preservation.court ? { court: lawsuit.preservation.court } : {}),
      ...(lawsuit.preservation.date ? { date: formatDate(lawsuit.preservation.date) } : {}),
    },
    checks: {
      acceleration: check(input.claim.accelerated),
      fees: check(input.claim.totals.feesFen > 0),
      jurisdiction: check(court !== undefined),
      preSuit: check(lawsuit.preservation.preSuit),
      applyNow: check(lawsuit.preservation.applyNow),
      matured: check(input.contract.maturityDate <= input.claim.asOf),
      mediate: { yes: mark(lawsuit.willingToMediate === 'yes'), no: mark(lawsuit.willingToMediate === 'no'), undecided: mark(lawsuit.willingToMediate === 'undecided') },
    },
    repaymentMethods: (Object.keys(REPAYMENT_METHOD_TEXT) as (keyof typeof REPAYMENT_METHOD_TEXT)[]).map((k) => ({
      label: REPAYMENT_METHOD_TEXT[k],
      mark: mark(k === input.contract.repaymentMethod),
    })),
    exhibits: [...input.exhibits].sort((a, b) => a.number - b.number).map((e) => ({ label: `证据${chineseNumeral(e.number)}：`, name: e.name })),
  };
}

const CHANNEL_TEXT: Record<string, string> = { ems: '邮政EMS', email: '电子邮件', sms: '短信', in_person: '直接送达', app: '应用内消息' };

/** 2024年3月5日以邮政快递（运单号…）送达 — the demand letter's delivery as the complaint states it. */
export function deliveryText(d: { channel: string; trackingNumber?: string | undefined; deliveredAt: string }): string {
  const how = CHANNEL_TEXT[d.channel] ?? d.channel;
  return `${formatDate(d.deliveredAt)}以${how}${d.trackingNumber ? `（运单号${d.trackingNumber}）` : ''}送达被告`;
}

export const complaint: DocumentDefinition<ComplaintView> = {
  type: 'complaint',
  template: 'complaint',
  schema: ComplaintView,
  view: complaintView,
  fileName: () => '民事起诉状',
};
