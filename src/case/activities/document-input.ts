/**
 * The structured input the document builders take, read from the database for one case: the
 * parties, the loan as pushed, the claim last calculated for the case, and (for the lawsuit) the
 * chosen firm, the competent court and the frozen exhibits. Documents fetch nothing themselves.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { competentCourt } from '../../domain/jurisdiction.ts';
import { LoanSnapshot } from '../../domain/loan-snapshot.ts';
import type { CaseDocumentsInput, DemandTerms, LawFirmParty, LenderParty } from '../../documents/input.ts';
import { badData } from './failures.ts';

const Letterhead = z.object({
  lines: z.array(z.string()).optional(),
  phone: z.string().optional(),
  postcode: z.string().optional(),
  email: z.string().optional(),
});

export interface CaseBasics {
  input: Omit<CaseDocumentsInput, 'demand' | 'lawsuit' | 'lawFirm' | 'exhibits'>;
  loanId: string;
  /** The lender's internet court, for online-signed loans (jurisdiction). */
  internetCourt: string | null;
}

export async function caseBasics(db: Kysely<Database>, caseId: string): Promise<CaseBasics> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('loans', 'loans.id', 'cases.loan_id')
    .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
    .select([
      'cases.loan_id',
      'cases.claim',
      'loans.snapshot',
      'lenders.name',
      'lenders.unified_social_credit_code',
      'lenders.domicile',
      'lenders.legal_representative',
      'lenders.legal_representative_title',
      'lenders.letterhead',
      'lenders.internet_court',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw badData(`case ${caseId} has no case row, loan or lender`);
  if (row.claim === null) throw badData(`case ${caseId} has no claim calculated yet`);
  const snapshot = LoanSnapshot.safeParse(row.snapshot);
  if (!snapshot.success) throw badData(`loan ${row.loan_id}: the stored snapshot is not valid`);
  const letterhead = Letterhead.safeParse(row.letterhead ?? {});
  const head = letterhead.success ? letterhead.data : {};
  const lender: LenderParty = {
    name: row.name,
    unifiedSocialCreditCode: row.unified_social_credit_code,
    domicile: row.domicile,
    legalRepresentative: row.legal_representative,
    legalRepresentativeTitle: row.legal_representative_title,
    ...(head.phone ? { phone: head.phone } : {}),
    ...(head.postcode ? { postcode: head.postcode } : {}),
    ...(head.email ? { email: head.email } : {}),
    ...(head.lines ? { letterhead: { lines: head.lines } } : {}),
  };
  const { borrower, contract, disbursement } = snapshot.data;
  return {
    loanId: row.loan_id,
    internetCourt: row.internet_court,
    input: { caseId, lender, borrower, contract, disbursement, claim: row.claim },
  };
}

/**
 * The demand's terms. Lenders do not send payment channels or a complaint line yet, so the letter
 * points to the lender's own channels and customer-service number (the letterhead phone).
 */
export function demandTerms(caseId: string, lender: LenderParty, issuedOn: string, deadline: string): DemandTerms {
  const phone = lender.phone ?? '借款合同载明的客服电话';
  return {
    letterNumber: `CS-${caseId}`,
    issuedOn,
    deadline,
    paymentChannels: [`${lender.name}官方App、官方网站或客服电话（${phone}）所示的还款渠道`],
    contactPhone: phone,
    complaintChannel: `${lender.name}客户服务热线（${phone}）`,
  };
}

export async function lawFirmParty(db: Kysely<Database>, lawFirmId: string): Promise<LawFirmParty> {
  const firm = await db.selectFrom('law_firms').select(['name', 'license_number', 'address', 'lead_lawyer']).where('id', '=', lawFirmId).executeTakeFirst();
  if (!firm) throw badData(`law firm ${lawFirmId} does not exist`);
  return { name: firm.name, licenseNumber: firm.license_number, address: firm.address, leadLawyer: firm.lead_lawyer };
}

/** The court the complaint is addressed to; without one a person must decide, so the packet waits. */
export function courtOf(basics: CaseBasics): string {
  const { contract, borrower } = basics.input;
  const jurisdiction = competentCourt({
    jurisdictionCourt: contract.jurisdictionCourt ?? null,
    onlineSigned: contract.onlineSigned,
    borrowerAddress: borrower.address,
    internetCourt: basics.internetCourt === null ? null : { name: basics.internetCourt },
  });
  if (jurisdiction.court === null) throw badData(`loan ${basics.loanId}: no competent court follows from the contract or the borrower's address`);
  return jurisdiction.court;
}
