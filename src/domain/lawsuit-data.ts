/**
 * Every datum the lawsuit documents print that the lender, its firm or the loan snapshot must
 * supply, checked at escalation so that what is missing is known on day one (a blocker for the
 * lawsuit stage, with the JSON path of the field and who supplies it), not at packet time.
 * Pure: the caller passes the data as stored.
 */
import type { ContractTerms } from './loan-snapshot.ts';
import { lenderPhone, type LawFirmParty, type LenderParty } from './parties.ts';

/** Who can supply a missing datum, and through which request. */
export type DataSupplier = 'lender' | 'law_firm' | 'loan_snapshot';

export interface MissingDatum {
  /** JSON path of the field in the request that supplies it, e.g. `contract.clauses.penalty`. */
  path: string;
  suppliedBy: DataSupplier;
  /** The request that supplies it, e.g. `PUT /v1/lenders/L1`. */
  request: string;
  /** What the documents need it for. */
  message: string;
}

export interface LawsuitDataInput {
  lenderId: string;
  lender: LenderParty;
  hasBusinessLicence: boolean;
  loanId: string;
  contract: ContractTerms;
  /** The firm named or the lender's default; null when none is known yet (the handoff reports that). */
  lawFirm: { id: string; party: LawFirmParty } | null;
}

export function missingLawsuitData(input: LawsuitDataInput): MissingDatum[] {
  const out: MissingDatum[] = [];
  const lender = (path: string, message: string) => out.push({ path, suppliedBy: 'lender', request: `PUT /v1/lenders/${input.lenderId}`, message });
  const loan = (path: string, message: string) => out.push({ path, suppliedBy: 'loan_snapshot', request: `PUT /v1/loans/${input.loanId}`, message });

  if (input.lender.legalRepresentativeTitle === undefined) lender('legalRepresentativeTitle', 'the legal representative certificate states the title (职务) of the legal representative');
  if (lenderPhone(input.lender) === undefined) lender('phone', "the complaint states the plaintiff's phone number");
  if (!input.hasBusinessLicence) {
    out.push({
      path: 'business-licence',
      suppliedBy: 'lender',
      request: `PUT /v1/lenders/${input.lenderId}/business-licence`,
      message: "the packet encloses a copy of the plaintiff's business licence (营业执照)",
    });
  }

  const c = input.contract;
  if (c.title === undefined) loan('contract.title', "every document names the contract by its own title");
  const clauses = c.clauses ?? {};
  if (clauses.interest === undefined) loan('contract.clauses.interest', 'the complaint cites the interest clause');
  if (clauses.penalty === undefined) loan('contract.clauses.penalty', 'the complaint cites the penalty interest clause');
  if (c.compoundInterest && clauses.compound === undefined) loan('contract.clauses.compound', 'the complaint cites the compound interest clause');
  if (c.accelerationClause === true && clauses.acceleration === undefined) loan('contract.clauses.acceleration', 'the demand letter and the complaint cite the acceleration clause');
  if (c.jurisdictionCourt !== undefined && clauses.jurisdiction === undefined) loan('contract.clauses.jurisdiction', 'the complaint cites the jurisdiction clause');
  if (c.onlineSigned && clauses.electronicService === undefined) loan('contract.clauses.electronicService', 'the service address confirmation cites the electronic service clause');

  if (input.lawFirm !== null) {
    const { id, party } = input.lawFirm;
    const firm = (path: string, message: string) => out.push({ path, suppliedBy: 'law_firm', request: `PUT /v1/law-firms/${id}`, message });
    if (party.phone === undefined) firm('phone', 'the 所函 states the firm phone number');
    if (party.postcode === undefined) firm('postcode', 'the service address confirmation states the postcode');
    if ((party.lawyers ?? []).length === 0) firm('lawyers', "the power of attorney, the complaint and the service address confirmation name the firm's lawyers with their licence numbers and phones");
  }
  return out;
}
