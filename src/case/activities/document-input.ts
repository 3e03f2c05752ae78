/**
 * The structured input the document builders take, read from the database for one case: the
 * parties, the loan as pushed, the claim last calculated for the case, and (for the lawsuit) the
 * chosen firm, the competent court and the frozen exhibits. Documents fetch nothing themselves.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { competentCourt } from '../../domain/jurisdiction.ts';
import { LoanSnapshot } from '../../domain/loan-snapshot.ts';
import type { CaseDocumentsInput, DemandTerms } from '../../documents/input.ts';
import { LawFirmParty, lenderPhone, LenderParty } from '../../domain/parties.ts';
import { badData } from './failures.ts';


export interface CaseBasics {
  input: Omit<CaseDocumentsInput, 'demand' | 'lawsuit' | 'lawFirm' | 'exhibits'>;
  loanId: string;
  /** The lender's internet court, for online-signed loans (jurisdiction). */
  internetCourt: string | null;
  /** The contract and its schedule as pushed (whether instalments remain not yet due). */
  schedule: { contract: LoanSnapshot['contract']; entries: LoanSnapshot['schedule'] };
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
      'lenders.phone',
      'lenders.internet_court',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw badData(`case ${caseId} has no case row, loan or lender`);
  if (row.claim === null) throw badData(`case ${caseId} has no claim calculated yet`);
  const snapshot = LoanSnapshot.safeParse(row.snapshot);
  if (!snapshot.success) throw badData(`loan ${row.loan_id}: the stored snapshot is not valid`);
  const lender = lenderPartyOf(row);
  const { borrower, contract, disbursement } = snapshot.data;
  return {
    loanId: row.loan_id,
    internetCourt: row.internet_court,
    schedule: { contract, entries: snapshot.data.schedule },
    input: { caseId, lender, borrower, contract, disbursement, claim: row.claim },
  };
}

/**
 * The demand's terms. Lenders do not send payment channels or a complaint line yet, so the letter
 * points to the lender's own channels and customer-service number (the letterhead phone).
 */
export function demandTerms(caseId: string, lender: LenderParty, issuedOn: string, deadline: string): DemandTerms {
  const phone = lenderPhone(lender) ?? '借款合同载明的客服电话';
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
  const firm = await db
    .selectFrom('law_firms')
    .select(['name', 'license_number', 'address', 'lead_lawyer', 'phone', 'postcode', 'email', 'lawyers'])
    .where('id', '=', lawFirmId)
    .executeTakeFirst();
  if (!firm) throw badData(`law firm ${lawFirmId} does not exist`);
  return lawFirmPartyOf(firm);
}

/** The lender's party data as stored (the one lender shape of domain/parties.ts; nothing filled in). */
export function lenderPartyOf(row: {
  name: string;
  unified_social_credit_code: string;
  domicile: string;
  legal_representative: string;
  legal_representative_title: string | null;
  phone: string | null;
  letterhead: unknown;
}): LenderParty {
  const parsed = LenderParty.safeParse({
    name: row.name,
    unifiedSocialCreditCode: row.unified_social_credit_code,
    domicile: row.domicile,
    legalRepresentative: row.legal_representative,
    ...(row.legal_representative_title === null ? {} : { legalRepresentativeTitle: row.legal_representative_title }),
    ...(row.phone === null ? {} : { phone: row.phone }),
    ...(row.letterhead === null ? {} : { letterhead: row.letterhead }),
  });
  if (!parsed.success) throw badData(`lender ${row.name}: the stored data is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** The firm's party data as stored (the one firm shape of domain/parties.ts). */
export function lawFirmPartyOf(row: {
  name: string;
  license_number: string;
  address: string;
  lead_lawyer: string;
  phone: string | null;
  postcode: string | null;
  email: string | null;
  lawyers: unknown;
}): LawFirmParty {
  const parsed = LawFirmParty.safeParse({
    name: row.name,
    licenseNumber: row.license_number,
    address: row.address,
    leadLawyer: row.lead_lawyer,
    ...(row.phone === null ? {} : { phone: row.phone }),
    ...(row.postcode === null ? {} : { postcode: row.postcode }),
    ...(row.email === null ? {} : { email: row.email }),
    ...(row.lawyers === null ? {} : { lawyers: row.lawyers }),
  });
  if (!parsed.success) throw badData(`law firm ${row.name}: the stored data is not valid: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
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

/** The demand as issued and first delivered (from the case's events), for the complaint's acceleration claim. */
export async function issuedDemandOf(db: Kysely<Database>, caseId: string): Promise<CaseDocumentsInput['issuedDemand']> {
  const events = await db
    .selectFrom('case_events')
    .select(['type', 'data'])
    .where('case_id', '=', caseId)
    .where('type', 'in', ['demand_issued', 'demand_delivered'])
    .orderBy('id')
    .execute();
  const issued = events.find((e) => e.type === 'demand_issued')?.data as { issuedOn?: unknown } | undefined;
  if (typeof issued?.issuedOn !== 'string') return undefined;
  const d = events.find((e) => e.type === 'demand_delivered')?.data as { channel?: unknown; trackingNumber?: unknown; deliveredAt?: unknown } | undefined;
  const delivery =
    typeof d?.channel === 'string' && typeof d.deliveredAt === 'string'
      ? { channel: d.channel, deliveredAt: d.deliveredAt, ...(typeof d.trackingNumber === 'string' ? { trackingNumber: d.trackingNumber } : {}) }
      : undefined;
  const byFirm = await db.selectFrom('documents').select('id').where('case_id', '=', caseId).where('type', '=', 'lawyer_letter').executeTakeFirst();
  return {
    issuedOn: issued.issuedOn,
    letterNumber: byFirm ? `LS-${caseId}` : `CS-${caseId}`,
    letter: byFirm ? '律师函' : '催收函',
    ...(delivery ? { delivery } : {}),
  };
}
