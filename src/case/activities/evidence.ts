/**
 * The evidence steps of a case: the completeness check, before the demand (is the claim provable
 * and still enforceable?) and before the lawsuit (was the demand delivered?), whose blockers the
 * workflow waits on; and, once the evidence is complete for the lawsuit, the freeze of the bundle,
 * so that later loan updates never change the evidence a packet was built from.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { checkCompleteness } from '../../domain/evidence-completeness.ts';
import type { CompletenessIssue, ExhibitKind } from '../../domain/evidence.ts';
import { isAmountError, scheduledInterestWarnings, validateLoan } from '../../domain/loan-validation.ts';
import { missingLawsuitData } from '../../domain/lawsuit-data.ts';
import type { ContractTerms } from '../../domain/loan-snapshot.ts';
import { acceleratesAt, limitationOf, loadCaseFacts } from './case-facts.ts';
import { lawFirmPartyOf, lenderPartyOf } from './document-input.ts';
import { type BundleDeps, freezeBundle } from './evidence-bundle.ts';
import type { CaseActivities, CaseBlocker, EvidenceCheck, EvidenceOutcome, FrozenBundle } from '../contract.ts';

function asBlocker(issue: CompletenessIssue): CaseBlocker {
  return { code: issue.code, message: issue.message };
}

type EvidenceActivities = Pick<CaseActivities, 'assessEvidence' | 'freezeEvidenceBundle' | 'checkEvidence'>;

export function evidenceActivities(db: Kysely<Database>, limitationWarningDays: number, bundle: BundleDeps): EvidenceActivities {
  async function assessEvidence(input: EvidenceCheck): Promise<EvidenceOutcome> {
    const facts = await loadCaseFacts(db, input.caseId);
    const [contract, contacts, borrower] = await Promise.all([
      db.selectFrom('contract_files').select('sha256').where('loan_id', '=', facts.loanId).executeTakeFirst(),
      db.selectFrom('contact_records').select((eb) => eb.fn.countAll<string>().as('n')).where('loan_id', '=', facts.loanId).executeTakeFirstOrThrow(),
      db.selectFrom('loans').innerJoin('borrowers', 'borrowers.id', 'loans.borrower_id').select('borrowers.address').where('loans.id', '=', facts.loanId).executeTakeFirst(),
    ]);
    const contactRecordCount = Number(contacts.n);
    // The borrower's identity, the disbursement record and the ledger are generated from every loan
    // snapshot; the contract file, the contact record and the delivered demand may be missing.
    const exhibitKinds: ExhibitKind[] = ['borrower_identity', 'disbursement_record', 'repayment_ledger'];
    if (contract) exhibitKinds.push('loan_contract');
    if (contactRecordCount > 0) exhibitKinds.push('contact_record');
    if (input.demandDelivered) exhibitKinds.push('demand_delivery');

    const missing = await missingData(facts.lenderId, facts.loanId, facts.loan.contract, input.lawFirmId ?? null);
    const issues = checkCompleteness({
      stage: input.stage,
      exhibitKinds,
      limitation: limitationOf(facts, acceleratesAt(facts, input.asOf), input.asOf, limitationWarningDays),
      amountProblems: validateLoan(facts.loan).filter(isAmountError).map((e) => e.message),
      interestWarnings: scheduledInterestWarnings(facts.loan).map((w) => `${w.path}: ${w.message}`),
      contactRecordCount,
      demandDelivered: input.demandDelivered,
      demandPeriodRanOutside: facts.responseDays === 0,
      borrowerAddress: borrower?.address ?? null,
    });
    const blockers = issues.filter((i) => i.severity === 'blocker').map(asBlocker);
    return {
      blockers: input.stage === 'lawsuit' ? [...blockers, ...missing] : blockers,
      warnings: issues.filter((i) => i.severity === 'warning'),
      missing,
    };
  }

  /** What the lawsuit documents need of the lender, the firm (named, else the lender's default) and the loan, and lack. */
  async function missingData(lenderId: string, loanId: string, contract: ContractTerms, namedFirm: string | null): Promise<CaseBlocker[]> {
    const lender = await db
      .selectFrom('lenders')
      .select(['name', 'unified_social_credit_code', 'domicile', 'legal_representative', 'legal_representative_title', 'phone', 'letterhead', 'business_licence', 'default_law_firm_id'])
      .where('id', '=', lenderId)
      .executeTakeFirstOrThrow();
    const firmId = namedFirm ?? lender.default_law_firm_id;
    const firm =
      firmId === null
        ? undefined
        : await db
            .selectFrom('law_firms')
            .select(['name', 'license_number', 'address', 'lead_lawyer', 'phone', 'postcode', 'email', 'lawyers'])
            .where('id', '=', firmId)
            .executeTakeFirst();
    return missingLawsuitData({
      lenderId,
      lender: lenderPartyOf(lender),
      hasBusinessLicence: lender.business_licence !== null,
      loanId,
      contract,
      lawFirm: firm === undefined || firmId === null ? null : { id: firmId, party: lawFirmPartyOf(firm) },
    }).map((m) => ({
      code: 'missing_data',
      stage: 'lawsuit',
      path: m.path,
      suppliedBy: m.suppliedBy,
      request: m.request,
      message: `${m.path} is missing (${m.request}): ${m.message}.`,
    }));
  }

  async function freezeEvidenceBundle(input: { caseId: string; asOf: string; warnings: CompletenessIssue[] }): Promise<FrozenBundle> {
    const frozen = await freezeBundle(db, bundle, input.caseId, input.asOf, input.warnings);
    return { frozenAt: frozen.frozenAt, exhibitCount: frozen.exhibits.length };
  }

  return {
    assessEvidence,
    freezeEvidenceBundle,
    async checkEvidence(input) {
      const outcome = await assessEvidence(input);
      if (input.stage === 'lawsuit' && outcome.blockers.length === 0) await freezeEvidenceBundle({ caseId: input.caseId, asOf: input.asOf, warnings: outcome.warnings });
      return outcome;
    },
  };
}
