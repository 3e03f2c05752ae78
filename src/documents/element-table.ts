/**
 * The court's element table (诉讼要素表) of a filing batch: one row per case with the elements of
 * the 金融借款合同纠纷 要素式 complaint (parties, contract, disbursement, rates, repayment, the
 * amounts claimed by kind and the claim date, jurisdiction, agent), written as XLSX through
 * exceljs' streaming writer and as CSV through csv-stringify. Amounts are the case's stored claim
 * (cases.claim, after the cap): the same figures as its complaint. The column mapping is in the README.
 */
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ClaimCalculation } from '../domain/claim.ts';
import type { JurisdictionBasis } from '../domain/jurisdiction.ts';
import type { Borrower, ContractTerms } from '../domain/loan-snapshot.ts';
import { formatYuan, parseYuan } from '../domain/money.ts';
import { formatRate } from './format.ts';
import { REPAYMENT_METHOD_TEXT } from './views.ts';

/** Everything one row is made of. */
export interface ElementTableCase {
  caseId: string;
  plaintiff: { name: string; unifiedSocialCreditCode: string; domicile: string; legalRepresentative: string };
  borrower: Borrower;
  contractTitle: string;
  contract: ContractTerms;
  disbursement: { date: string; amount: string };
  claim: ClaimCalculation;
  court: string;
  jurisdiction: { basis: JurisdictionBasis; article: string };
  agent: { firm: string; lawyer: string } | null;
}

type Cell = string | number;
interface Column {
  key: string;
  header: string;
  /** Money columns: numbers of yuan in the XLSX (two decimals), yuan strings in the CSV. */
  money?: boolean;
  value: (c: ElementTableCase) => string | number;
}

const BASIS_TEXT: Record<JurisdictionBasis, string> = {
  contract_clause: '合同约定管辖',
  internet_court: '互联网法院管辖',
  borrower_domicile: '被告住所地法院管辖',
};

/** The columns, in order. Keys name the elements; headers are the court's words. */
export const ELEMENT_COLUMNS: readonly Column[] = [
  { key: 'caseId', header: '案件编号', value: (c) => c.caseId },
  { key: 'plaintiff', header: '原告名称', value: (c) => c.plaintiff.name },
  { key: 'plaintiffCode', header: '原告统一社会信用代码', value: (c) => c.plaintiff.unifiedSocialCreditCode },
  { key: 'plaintiffDomicile', header: '原告住所地', value: (c) => c.plaintiff.domicile },
  { key: 'plaintiffRepresentative', header: '原告法定代表人', value: (c) => c.plaintiff.legalRepresentative },
  { key: 'defendant', header: '被告姓名', value: (c) => c.borrower.name },
  { key: 'defendantSex', header: '被告性别', value: (c) => (c.borrower.gender === 'male' ? '男' : '女') },
  { key: 'defendantBirthDate', header: '被告出生日期', value: (c) => c.borrower.birthDate },
  { key: 'defendantEthnicity', header: '被告民族', value: (c) => c.borrower.ethnicity ?? '' },
  { key: 'defendantIdNumber', header: '被告公民身份号码', value: (c) => c.borrower.idNumber },
  { key: 'defendantAddress', header: '被告住址', value: (c) => c.borrower.address },
  { key: 'defendantPhone', header: '被告联系电话', value: (c) => c.borrower.phone },
  { key: 'contractTitle', header: '合同名称', value: (c) => c.contractTitle },
  { key: 'contractNumber', header: '合同编号', value: (c) => c.contract.number },
  { key: 'contractDate', header: '合同签订日期', value: (c) => c.contract.signedAt },
  { key: 'contractPlace', header: '合同签订地点', value: (c) => c.contract.signedPlace ?? (c.contract.onlineSigned ? '线上签订' : '') },
  { key: 'principalAgreed', header: '约定借款本金（元）', money: true, value: (c) => parseYuan(c.contract.principal) },
  { key: 'principalDisbursed', header: '实际放款金额（元）', money: true, value: (c) => parseYuan(c.disbursement.amount) },
  { key: 'disbursementDate', header: '放款日期', value: (c) => c.disbursement.date },
  { key: 'termStart', header: '借款期限起', value: (c) => c.contract.startDate },
  { key: 'termEnd', header: '借款期限止', value: (c) => c.contract.maturityDate },
  { key: 'annualRate', header: '约定年利率', value: (c) => formatRate(c.contract.annualRate) },
  { key: 'penaltyRate', header: '逾期罚息年利率', value: (c) => formatRate(c.claim.penaltyRate) },
  { key: 'penaltyTerms', header: '罚息约定', value: (c) => `在借款利率基础上加收${formatRate(c.contract.penaltyRateMarkup)}` },
  { key: 'compoundTerms', header: '复利约定', value: (c) => (c.contract.compoundInterest ? '对逾期利息计收复利' : '无') },
  { key: 'repaymentMethod', header: '还款方式', value: (c) => REPAYMENT_METHOD_TEXT[c.contract.repaymentMethod] },
  { key: 'repaidPrincipal', header: '已还本金（元）', money: true, value: (c) => c.claim.repaid.principalFen },
  { key: 'repaidInterest', header: '已还利息（元）', money: true, value: (c) => c.claim.repaid.interestFen },
  { key: 'overdueSince', header: '逾期起始日', value: (c) => c.claim.overdueSince ?? '' },
  { key: 'claimPrincipal', header: '诉请本金（元）', money: true, value: (c) => c.claim.totals.principalFen },
  { key: 'claimInterest', header: '诉请利息（元）', money: true, value: (c) => c.claim.totals.interestFen },
  { key: 'claimPenalty', header: '诉请罚息（元）', money: true, value: (c) => c.claim.totals.penaltyFen },
  { key: 'claimCompound', header: '诉请复利（元）', money: true, value: (c) => c.claim.totals.compoundFen },
  { key: 'claimFees', header: '诉请费用（元）', money: true, value: (c) => c.claim.totals.feesFen },
  { key: 'claimTotal', header: '诉请合计（元）', money: true, value: (c) => c.claim.totals.totalFen },
  { key: 'claimAsOf', header: '计算截止日', value: (c) => c.claim.asOf },
  { key: 'jurisdictionBasis', header: '管辖依据', value: (c) => `${BASIS_TEXT[c.jurisdiction.basis]}（${c.jurisdiction.article}）` },
  { key: 'court', header: '受诉法院', value: (c) => c.court },
  { key: 'agent', header: '委托诉讼代理人', value: (c) => (c.agent ? `${c.agent.lawyer}（${c.agent.firm}）` : '') },
];

function xlsxCell(column: Column, c: ElementTableCase): Cell {
  const v = column.value(c);
  // Fen → yuan as a number: exact to the fen for any amount below 2^53 fen / 100.
  return column.money ? Number(formatYuan(v as number)) : v;
}

function csvCell(column: Column, c: ElementTableCase): string {
  const v = column.value(c);
  return column.money ? formatYuan(v as number) : String(v);
}

/** The XLSX (one sheet, header row + one row per case), written by exceljs' streaming writer. */
export async function elementTableXlsx(cases: Iterable<ElementTableCase>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('诉讼要素表');
  sheet.columns = ELEMENT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, [...c.header].length * 2 + 2),
    ...(c.money ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  for (const c of cases) sheet.addRow(ELEMENT_COLUMNS.map((column) => xlsxCell(column, c))).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** The CSV (UTF-8 with BOM so spreadsheet programs read the Chinese headers), amounts as yuan strings. */
export function elementTableCsv(cases: Iterable<ElementTableCase>): Buffer {
  const records = [...cases].map((c) => ELEMENT_COLUMNS.map((column) => csvCell(column, c)));
  return Buffer.from(stringify(records, { header: true, bom: true, columns: ELEMENT_COLUMNS.map((c) => c.header) }), 'utf8');
}
