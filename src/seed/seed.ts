import type { Kysely } from 'kysely';
import { createToken } from '../auth/tokens.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import { renderPdf } from '../documents/pdf.ts';
import { storeBusinessLicence } from '../intake/business-licence.ts';
import { appendContactRecords } from '../intake/contact-records.ts';
import { storeContractFile } from '../intake/contract-files.ts';
import { upsertLawFirm } from '../intake/law-firms.ts';
import { upsertLender } from '../intake/lenders.ts';
import { upsertLoan } from '../intake/loans.ts';
import type { ContentStore } from '../storage/index.ts';
import { demoBusinessLicenceModel, demoContractModel } from './demo-contract.ts';
import { type DemoData, demoData } from './demo-data.ts';

export type DemoCredentials = Array<{ role: string; label: string; token: string }>;

/** The demo's law firms and lenders (each lender handing its cases to one firm by default). */
export async function seedParties(db: Kysely<Database>, data: DemoData): Promise<void> {
  for (const firm of data.lawFirms) {
    const { id, ...details } = firm;
    await upsertLawFirm(db, id, details);
  }
  for (const [index, lender] of data.lenders.entries()) {
    await upsertLender(db, lender.id, {
      name: lender.name,
      unifiedSocialCreditCode: lender.unifiedSocialCreditCode,
      domicile: lender.domicile,
      legalRepresentative: lender.legalRepresentative,
      legalRepresentativeTitle: lender.legalRepresentativeTitle,
      phone: lender.phone,
      interestCap: lender.interestCap,
      responseDays: lender.responseDays,
      letterhead: lender.letterhead,
      defaultLawFirmId: data.lawFirms[index % data.lawFirms.length]!.id,
    });
  }
}

/**
 * Loads the demo data through the same intake functions the API uses, so demo loans pass every
 * check real ones do. With `onlyIfEmpty`, a database that already has lenders is left alone
 * (a second `start` keeps its data) and no credentials are printed.
 */
export async function seedDemoData(
  db: Kysely<Database>,
  store: ContentStore,
  config: Config,
  options: { onlyIfEmpty: boolean; today?: string },
): Promise<DemoCredentials | undefined> {
  if (options.onlyIfEmpty) {
    const any = await db.selectFrom('lenders').select('id').limit(1).executeTakeFirst();
    if (any !== undefined) return undefined;
  }
  const data = demoData({ today: options.today ?? new Date().toISOString().slice(0, 10) });
  await seedParties(db, data);
  for (const lender of data.lenders) {
    const licence = await renderPdf(demoBusinessLicenceModel(lender), { fontPath: config.documents.fontPath });
    await storeBusinessLicence(db, store, lender.id, 'application/pdf', licence.bytes);
  }
  const lenders = new Map(data.lenders.map((lender) => [lender.id, lender]));
  for (const loan of data.loans) {
    await upsertLoan(db, loan.id, loan.snapshot);
    // Every fifth loan has no signed contract on file, so the demo shows a case waiting for evidence.
    if (Number(loan.id.slice(-4)) % 5 !== 0) {
      const contract = await renderPdf(demoContractModel(loan.snapshot, lenders.get(loan.snapshot.lenderId)!), { fontPath: config.documents.fontPath });
      await storeContractFile(db, store, loan.id, contract.bytes);
    }
    if (loan.contactRecords.length > 0) await appendContactRecords(db, loan.id, loan.contactRecords);
  }

  const credentials: DemoCredentials = [];
  const issue = async (role: 'legal' | 'lawyer' | 'system', label: string, lawFirmId?: string) => {
    const { token } = await createToken(db, { role, name: `demo ${label}`, lawFirmId });
    credentials.push({ role, label, token });
  };
  await issue('legal', 'legal team');
  await issue('system', 'collections system');
  for (const firm of data.lawFirms) await issue('lawyer', `${firm.name}`, firm.id);
  return credentials;
}
