/** The exhibit sheets generated from the case's data, in exhibit order. */
import { borrowerIdentity } from './borrower-identity.ts';
import { contactRecord } from './contact-record.ts';
import { disbursementRecord } from './disbursement-record.ts';
import { repaymentLedger } from './repayment-ledger.ts';
import type { ExhibitDocument } from './source.ts';

export { borrowerIdentity, contactRecord, disbursementRecord, repaymentLedger };
export { type DeliveredDemand, type ExhibitDocument, type ExhibitSource, type RenderedExhibit, renderExhibit } from './source.ts';

export const EXHIBIT_DOCUMENTS: readonly ExhibitDocument<unknown>[] = [
  borrowerIdentity as ExhibitDocument<unknown>,
  disbursementRecord as ExhibitDocument<unknown>,
  repaymentLedger as ExhibitDocument<unknown>,
  contactRecord as ExhibitDocument<unknown>,
];
