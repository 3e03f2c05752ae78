/**
 * The clerk's checklist (test/support/clerk-checklist.ts) over the packets of five loan shapes,
 * built by the document pipeline and the packet writer from the data as the case activities
 * assemble it: an instalment loan partly repaid, a bullet loan never repaid, an accelerated loan
 * whose demand was delivered, a loan whose interest cap binds, and an online-signed loan filed
 * with an internet court. Every packet passes; a packet built from data lacking a datum fails
 * with a finding naming the field.
 */
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createLawsuitPacket, exhibitPacketFiles } from '../../src/documents/packet.ts';
import type { CaseDocumentsInput } from '../../src/documents/input.ts';
import { addDays, addMonths } from '../../src/domain/calendar.ts';
import { calculateClaim } from '../../src/domain/claim-calculation.ts';
import type { Exhibit, ExhibitKind } from '../../src/domain/evidence.ts';
import { numberExhibits } from '../../src/domain/exhibits.ts';
import { DEFAULT_INTEREST_CAP } from '../../src/domain/interest-cap.ts';
import type { LoanSnapshot, RepaymentMethod } from '../../src/domain/loan-snapshot.ts';
import { formatYuan, parseYuan } from '../../src/domain/money.ts';
import { buildSchedule } from '../../src/domain/schedule.ts';
import { FsContentStore } from '../../src/storage/fs-store.ts';
import { clerkChecklist, readPacket } from '../support/clerk-checklist.ts';
import { storeLawsuitDocuments } from '../support/lawsuit-documents.ts';
import { tempDir } from '../unit/documents/helpers.ts';

const tmp = tempDir('court-ready-');
afterAll(() => tmp.cleanup());
const store = new FsContentStore(join(tmp.dir, 'store'));
const FILED_ON = '2025-06-30';

async function scan(title: string): Promise<{ sha256: string; storageKey: string }> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: title, CreationDate: new Date('2025-01-01T00:00:00Z') } });
  const done = buffer(doc);
  doc.fontSize(14).text(`scan: ${title}`);
  doc.end();
  const put = await store.put(await done);
  return { sha256: put.sha256, storageKey: put.key };
}

interface Shape {
  name: string;
  method: RepaymentMethod;
  months: number;
  startMonthsAgo: number;
  rate: string;
  paidPeriods: number;
  acceleration: boolean;
  onlineSigned: boolean;
  court: string;
  jurisdictionCourt?: string;
  compound: boolean;
}

const SHAPES: Shape[] = [
  { name: 'instalment loan, partly repaid', method: 'equal_installment', months: 12, startMonthsAgo: 8, rate: '0.18', paidPeriods: 3, acceleration: false, onlineSigned: false, court: '北京市朝阳区人民法院', jurisdictionCourt: '北京市朝阳区人民法院', compound: true },
  { name: 'bullet loan, never repaid', method: 'bullet', months: 6, startMonthsAgo: 9, rate: '0.12', paidPeriods: 0, acceleration: false, onlineSigned: false, court: '北京市东城区人民法院', compound: false },
  { name: 'acceleration with a delivered demand', method: 'equal_principal', months: 24, startMonthsAgo: 7, rate: '0.15', paidPeriods: 2, acceleration: true, onlineSigned: false, court: '北京市朝阳区人民法院', jurisdictionCourt: '北京市朝阳区人民法院', compound: false },
  { name: 'cap binding', method: 'equal_installment', months: 12, startMonthsAgo: 30, rate: '0.23', paidPeriods: 1, acceleration: false, onlineSigned: false, court: '北京市朝阳区人民法院', jurisdictionCourt: '北京市朝阳区人民法院', compound: true },
  { name: 'online-signed, internet court', method: 'equal_installment', months: 12, startMonthsAgo: 6, rate: '0.18', paidPeriods: 2, acceleration: true, onlineSigned: true, court: '北京互联网法院', compound: false },
];

async function shapeInput(shape: Shape, index: number): Promise<CaseDocumentsInput> {
  const start = addMonths(FILED_ON, -shape.startMonthsAgo);
  const schedule = buildSchedule(shape.method, 5_000_000, shape.rate, shape.months, start);
  const payments = schedule.slice(0, shape.paidPeriods).map((s, i) => ({ paidAt: s.dueDate, amount: formatYuan(parseYuan(s.principal) + parseYuan(s.interest)), transactionId: `T${i}` }));
  const contract = {
    number: `HT-2024-${index}`,
    title: '个人消费贷款合同',
    clauses: {
      interest: '第四条',
      penalty: '第七条第一款',
      ...(shape.compound ? { compound: '第七条第二款' } : {}),
      ...(shape.acceleration ? { acceleration: '第八条' } : {}),
      ...(shape.jurisdictionCourt ? { jurisdiction: '第十八条' } : {}),
      ...(shape.onlineSigned ? { electronicService: '第十九条' } : {}),
    },
    signedAt: start,
    signedPlace: '北京市朝阳区',
    principal: '50000.00',
    annualRate: shape.rate,
    penaltyRateMarkup: '0.5',
    compoundInterest: shape.compound,
    termMonths: shape.months,
    startDate: start,
    maturityDate: schedule.at(-1)!.dueDate,
    repaymentMethod: shape.method,
    ...(shape.jurisdictionCourt ? { jurisdictionCourt: shape.jurisdictionCourt } : {}),
    onlineSigned: shape.onlineSigned,
    accelerationClause: shape.acceleration,
  };
  const loan: LoanSnapshot = {
    lenderId: 'lender-a',
    borrower: {
      name: '刘晓明',
      gender: 'male',
      birthDate: '1990-06-18',
      idType: 'resident_id',
      idNumber: '110105199006180031',
      phone: '13812345678',
      address: '北京市朝阳区示范路1号',
      employer: '北京示范科技有限公司',
    },
    contract,
    disbursement: { date: start, amount: '50000.00' },
    schedule,
    payments,
  };
  const claim = calculateClaim(loan, FILED_ON, { cap: DEFAULT_INTEREST_CAP });
  const demandOn = addDays(FILED_ON, -40);
  const files: { kind: ExhibitKind; pageCount: number; sha256: string; storageKey: string; name?: string }[] = [];
  const add = async (kind: ExhibitKind, name?: string) => files.push({ kind, pageCount: 1, ...(await scan(`${index}-${kind}`)), ...(name ? { name } : {}) });
  await add('lender_licence', '原告营业执照（副本）');
  await add('borrower_identity');
  await add('loan_contract', `《${contract.title}》${shape.onlineSigned ? '（电子签名记录）' : ''}`);
  await add('disbursement_record');
  await add('repayment_ledger');
  await add('contact_record');
  if (claim.accelerated) await add('demand_delivery', `催收函及送达凭证（EMS，运单号EA10000000${index}CN，${addDays(demandOn, 2)}送达）`);
  const exhibits: Exhibit[] = numberExhibits(files).map((e) => ({ ...e, mediaType: 'application/pdf' as const }));
  return {
    caseId: `case-${index}`,
    lender: {
      name: '星河示范消费金融有限公司',
      unifiedSocialCreditCode: '91110105MA01DEM01M',
      domicile: '北京市朝阳区示范路88号星河大厦12层',
      legalRepresentative: '周明远',
      legalRepresentativeTitle: '总经理',
      phone: '400-000-0000',
    },
    borrower: loan.borrower,
    contract,
    disbursement: loan.disbursement,
    claim,
    exhibits,
    lawFirm: {
      name: '明理示范律师事务所',
      licenseNumber: '31110000E00000001K',
      address: '北京市东城区示范胡同6号',
      leadLawyer: '赵子墨',
      phone: '010-65000000',
      postcode: '100010',
      email: 'office@mingli-law.example.cn',
      lawyers: [
        { name: '赵子墨', licenseNumber: '11101201510000001', phone: '13900000001', email: 'zhaozimo@mingli-law.example.cn' },
        { name: '孙悦', licenseNumber: '11101201810000002', phone: '13900000002' },
      ],
    },
    ...(claim.accelerated
      ? { issuedDemand: { issuedOn: demandOn, letterNumber: `CS-case-${index}`, delivery: { channel: 'ems', trackingNumber: `EA10000000${index}CN`, deliveredAt: addDays(demandOn, 2) } } }
      : {}),
    lawsuit: { court: shape.court, filedOn: FILED_ON },
  };
}

async function check(input: CaseDocumentsInput): Promise<string[]> {
  let packet;
  try {
    const documents = await storeLawsuitDocuments(store, input);
    packet = await createLawsuitPacket(store, { caseId: input.caseId, createdAt: `${FILED_ON}T09:00:00+08:00`, files: [...documents, ...exhibitPacketFiles(input.exhibits ?? [])] });
  } catch (error) {
    // A datum the documents need and lack stops the packet, naming the field.
    return [`the packet cannot be made: ${error instanceof Error ? error.message : String(error)}`];
  }
  return clerkChecklist(readPacket(await buffer(packet.stream)), input);
}

describe("a clerk's checklist over court-ready packets", () => {
  it.each(SHAPES.map((s, i) => [s.name, s, i] as const))('%s: the packet passes', async (_name, shape, index) => {
    const input = await shapeInput(shape, index);
    if (shape.name === 'cap binding') expect(input.claim.cap.binding).toBe(true);
    if (shape.acceleration) expect(input.claim.accelerated).toBe(true);
    else expect(input.claim.accelerated).toBe(false);
    expect(await check(input)).toEqual([]);
  }, 120_000);

  it('fails naming the field when a datum is removed', async () => {
    const input = await shapeInput(SHAPES[2]!, 2);
    const { penalty: _penalty, ...clauses } = input.contract.clauses!;
    const problems = await check({ ...input, contract: { ...input.contract, clauses } });
    expect(problems.join('\n')).toContain('contract.clauses.penalty');

    const { legalRepresentativeTitle: _title, ...lender } = input.lender;
    expect((await check({ ...input, lender })).join('\n')).toContain('lender.legalRepresentativeTitle');

    const firm = { ...input.lawFirm!, lawyers: [{ ...input.lawFirm!.lawyers![0]!, phone: '400-000-0000' }] };
    expect((await check({ ...input, lawFirm: firm })).join('\n')).toContain("prints the lender's phone");
  }, 120_000);
});
