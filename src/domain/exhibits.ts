import type { ExhibitKind } from './evidence.ts';

/**
 * The standard 证据目录 entries of a financial-loan case: name, source and purpose of proof
 * (证明目的) per kind of exhibit, in the order courts expect them: the parties first (standing),
 * then the contract, performance by the lender, the borrower's default, and the demand.
 */
export interface ExhibitDescription {
  name: string;
  source: string;
  purpose: string;
  /** Whether the court gets the original (原件) or a copy (复印件). */
  original: boolean;
}

export const EXHIBIT_ORDER: readonly ExhibitKind[] = [
  'lender_licence',
  'borrower_identity',
  'loan_contract',
  'disbursement_record',
  'repayment_ledger',
  'contact_record',
  'demand_delivery',
];

export const EXHIBIT_DESCRIPTIONS: Readonly<Record<ExhibitKind, ExhibitDescription>> = {
  lender_licence: {
    name: '原告营业执照、金融许可证及法定代表人身份证明书',
    source: '原告',
    purpose: '原告系依法设立的持牌金融机构，具有发放贷款的资质和诉讼主体资格',
    original: false,
  },
  borrower_identity: {
    name: '被告身份信息（借款时实名认证记录）',
    source: '原告贷款业务系统（被告申请借款时提交并经实名认证）',
    purpose: '被告的身份信息，被告具有诉讼主体资格',
    original: false,
  },
  loan_contract: {
    name: '借款合同（含电子签名记录）',
    source: '原告',
    purpose: '原、被告之间存在合法有效的金融借款合同关系，合同约定了借款金额、期限、利率、罚息、还款方式及违约责任',
    original: true,
  },
  disbursement_record: {
    name: '放款凭证',
    source: '原告',
    purpose: '原告已按约向被告发放贷款，履行了出借义务',
    original: true,
  },
  repayment_ledger: {
    name: '还款明细',
    source: '原告贷款业务系统',
    purpose: '被告的还款情况，以及被告逾期未还的本金、利息、罚息、复利数额',
    original: true,
  },
  contact_record: {
    name: '催收记录',
    source: '原告',
    purpose: '原告多次催告被告还款，被告逾期未履行还款义务；诉讼时效中断',
    original: true,
  },
  demand_delivery: {
    name: '催收函及送达凭证',
    source: '原告、邮政快递（EMS）或电子送达记录',
    purpose: '原告已向被告送达催收函主张权利，被告收到后仍未还款；诉讼时效中断',
    original: true,
  },
};

export interface ExhibitFile {
  kind: ExhibitKind;
  pageCount: number;
  /** Overrides the standard name (e.g. the contract's own title 《个人消费贷款合同》). */
  name?: string;
  original?: boolean;
}

export type NumberedExhibit<T extends ExhibitFile> = Omit<T, 'name' | 'original'> &
  ExhibitDescription & { number: number; pages: { from: number; to: number } };

/**
 * Numbers the exhibits 1, 2, 3… in the standard order (files of the same kind keep their given
 * order) and gives each its inclusive page range in the exhibit section, starting at `firstPage`.
 */
export function numberExhibits<T extends ExhibitFile>(files: readonly T[], firstPage = 1): NumberedExhibit<T>[] {
  if (!Number.isInteger(firstPage) || firstPage < 1) throw new RangeError('firstPage must be a positive integer');
  const ordered = files
    .map((file, index) => ({ file, index }))
    .sort((a, b) => EXHIBIT_ORDER.indexOf(a.file.kind) - EXHIBIT_ORDER.indexOf(b.file.kind) || a.index - b.index);
  let page = firstPage;
  return ordered.map(({ file }, i) => {
    if (!Number.isInteger(file.pageCount) || file.pageCount < 1) throw new RangeError(`exhibit ${file.kind} needs a page count of at least 1`);
    const standard = EXHIBIT_DESCRIPTIONS[file.kind];
    const pages = { from: page, to: page + file.pageCount - 1 };
    page += file.pageCount;
    return {
      ...file,
      name: file.name ?? standard.name,
      source: standard.source,
      purpose: standard.purpose,
      original: file.original ?? standard.original,
      number: i + 1,
      pages,
    };
  });
}
