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
  ContractView,
  contractView,
  DisbursementView,
  disbursementView,
  LenderView,
  lenderView,
  mark,
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

/** Where the court serves the plaintiff: as given, else the law firm's lawyer, else the lender. */
export function serviceView(input: CaseDocuments, lawsuit: Lawsuit): ServiceView {
  const s = lawsuit.serviceAddress;
  const f = input.lawFirm;
  const base = s
    ? { recipient: s.recipient, address: s.address, postcode: s.postcode, phone: s.phone, email: s.email, electronic: s.electronicService }
    : f
      ? { recipient: f.leadLawyer, address: f.address, postcode: f.postcode, phone: f.phone ?? input.lender.phone ?? '', email: f.email, electronic: true }
      : { recipient: input.lender.legalRepresentative, address: input.lender.domicile, postcode: input.lender.postcode, phone: input.lender.phone ?? '', email: input.lender.email, electronic: true };
  if (!base.phone) throw new DocumentInputError('service address needs a phone number (lawsuit.serviceAddress, lawFirm.phone or lender.phone)');
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
  lender: LenderView,
  borrower: BorrowerView,
  contract: ContractView,
  disbursement: DisbursementView,
  claim: ClaimView,
  agent: z.object({ name: S, firm: S, phone: S.optional(), general: S, special: S }).optional(),
  service: ServiceView,
  lawsuit: z.object({ court: S, filedOn: S, copies: z.number() }),
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
  const lawsuit = lawsuitOf(input, '民事起诉状');
  const contract = contractView(input);
  const claim = claimView(input.claim, input.contract.compoundInterest);
  const court = input.contract.jurisdictionCourt;
  const firm = input.lawFirm;
  return {
    lender: lenderView(input),
    borrower: borrowerView(input),
    contract,
    disbursement: disbursementView(input),
    claim,
    ...(firm
      ? { agent: { name: firm.leadLawyer, firm: firm.name, ...(firm.phone ? { phone: firm.phone } : {}), general: mark(lawsuit.authority === 'general'), special: mark(lawsuit.authority === 'special') } }
      : {}),
    service: serviceView(input, lawsuit),
    lawsuit: { court: lawsuit.court, filedOn: formatDate(lawsuit.filedOn), copies: 1 },
    jurisdiction: {
      ...(court ? { clause: `《${input.contractTitle}》${contract.clauses.jurisdiction}约定，因合同发生的争议由${court}管辖` } : {}),
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

export const complaint: DocumentDefinition<ComplaintView> = {
  type: 'complaint',
  template: 'complaint',
  schema: ComplaintView,
  view: complaintView,
  fileName: () => '民事起诉状',
};
