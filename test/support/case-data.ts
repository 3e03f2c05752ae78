/**
 * Loans, lenders and firms for case tests, written through the intake functions the API uses (so
 * they pass the same validation). The loan: 12,000.00 at 12 % a year, 12 equal monthly
 * instalments that started 14 months before today (or `startedMonthsAgo`), the first 3 paid: 9
 * instalments overdue.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { today } from '../../src/case/contract.ts';
import { addMonths } from '../../src/domain/calendar.ts';
import type { LoanSnapshot } from '../../src/domain/loan-snapshot.ts';
import { formatYuan, parseYuan } from '../../src/domain/money.ts';
import { buildSchedule } from '../../src/domain/schedule.ts';
import { storeBusinessLicence } from '../../src/intake/business-licence.ts';
import { appendContactRecords } from '../../src/intake/contact-records.ts';
import { upsertLawFirm } from '../../src/intake/law-firms.ts';
import { upsertLender } from '../../src/intake/lenders.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import type { ContentStore } from '../../src/storage/index.ts';
import { pdfBytes } from './api-fixtures.ts';
import { fixtureBorrower } from './fixture-borrower.ts';

export async function seedLawFirm(db: Kysely<Database>, id: string, webhookUrl?: string): Promise<{ id: string; secret: string }> {
  await upsertLawFirm(db, id, {
    name: `${id} 示范律师事务所`,
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
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
  });
  const row = await db.selectFrom('law_firms').select('webhook_secret').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, secret: row.webhook_secret };
}

export async function seedLender(db: Kysely<Database>, id: string, options: { defaultLawFirmId?: string; responseDays?: number } = {}): Promise<string> {
  await upsertLender(db, id, {
    name: '星河示范消费金融有限公司',
    unifiedSocialCreditCode: '91110105MA01DEM01M',
    domicile: '北京市朝阳区示范路88号星河大厦12层',
    legalRepresentative: '周明远',
    legalRepresentativeTitle: '董事长',
    phone: '400-000-0000',
    letterhead: { postcode: '100020' },
    ...(options.responseDays === undefined ? {} : { responseDays: options.responseDays }),
    ...(options.defaultLawFirmId === undefined ? {} : { defaultLawFirmId: options.defaultLawFirmId }),
  });
  return id;
}

export function overdueLoan(lenderId: string, contractNumber: string, startedMonthsAgo = 14): LoanSnapshot {
  const startDate = addMonths(today(), -startedMonthsAgo);
  const schedule = buildSchedule('equal_installment', 1_200_000, '0.12', 12, startDate);
  const payments = schedule.slice(0, 3).map((s) => ({ paidAt: s.dueDate, amount: formatYuan(parseYuan(s.principal) + parseYuan(s.interest)) }));
  return {
    lenderId,
    borrower: { ...fixtureBorrower },
    contract: {
      number: contractNumber,
      signedAt: startDate,
      signedPlace: '北京市朝阳区',
      principal: '12000.00',
      annualRate: '0.12',
      penaltyRateMarkup: '0.5',
      compoundInterest: false,
      termMonths: 12,
      startDate,
      maturityDate: addMonths(startDate, 12),
      repaymentMethod: 'equal_installment',
      jurisdictionCourt: '北京市朝阳区人民法院',
      onlineSigned: true,
      accelerationClause: true,
      title: '个人消费贷款合同',
      clauses: { interest: '第四条', penalty: '第七条第一款', acceleration: '第八条', jurisdiction: '第十八条', electronicService: '第十九条' },
    },
    disbursement: { date: startDate, amount: '12000.00' },
    schedule,
    payments,
  };
}

/** Stores the signed contract of a loan as the contract upload does: in the content store, listed in contract_files. */
export async function attachContract(db: Kysely<Database>, store: ContentStore, loanId: string): Promise<void> {
  const stored = await store.put(await pdfBytes(`Loan contract ${loanId}`));
  await db
    .insertInto('contract_files')
    .values({ loan_id: loanId, sha256: stored.sha256, size: stored.size, storage_key: stored.key, page_count: 1 })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Uploads the lender's business licence copy (a one-page PDF) as PUT /v1/lenders/{id}/business-licence does, once. */
export async function attachBusinessLicence(db: Kysely<Database>, store: ContentStore, lenderId: string): Promise<void> {
  const lender = await db.selectFrom('lenders').select('business_licence').where('id', '=', lenderId).executeTakeFirst();
  if (lender === undefined || lender.business_licence !== null) return;
  await storeBusinessLicence(db, store, lenderId, 'application/pdf', await pdfBytes(`Business licence ${lenderId}`));
}

export async function seedLoan(
  db: Kysely<Database>,
  store: ContentStore,
  options: { loanId: string; lenderId: string; contract?: boolean; startedMonthsAgo?: number },
): Promise<string> {
  await upsertLoan(db, options.loanId, overdueLoan(options.lenderId, `HT-${options.loanId}`, options.startedMonthsAgo));
  await appendContactRecords(db, options.loanId, [
    { channel: 'phone', occurredAt: `${addMonths(today(), -2)}T10:00:00+08:00`, outcome: '借款人承诺月底还款', collector: '催收员甲' },
    { channel: 'sms', occurredAt: `${addMonths(today(), -1)}T09:30:00+08:00`, outcome: '已发送还款提醒短信' },
  ]);
  if (options.contract !== false) await attachContract(db, store, options.loanId);
  await attachBusinessLicence(db, store, options.lenderId);
  return options.loanId;
}
