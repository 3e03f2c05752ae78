/** Exhibits of a case's evidence bundle, frozen once the case uses them. */
export type ExhibitKind =
  | 'loan_contract'
  | 'disbursement_record'
  | 'repayment_ledger'
  | 'contact_record'
  | 'demand_delivery'
  | 'borrower_identity'
  | 'lender_licence';

/** How collections reached the borrower (a contact record's channel, 催收记录). */
export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'letter', 'visit', 'app'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface Exhibit {
  /** 1-based exhibit number (证据一, 证据二…). */
  number: number;
  kind: ExhibitKind;
  name: string;
  source: string;
  purpose: string;
  /** Pages in the packet's exhibit section, inclusive. */
  pages: { from: number; to: number };
  original: boolean;
  /** Content-addressed file of the exhibit. */
  sha256: string;
  storageKey: string;
  mediaType: 'application/pdf';
  pageCount: number;
}

export type CompletenessIssueCode =
  | 'no_signed_contract'
  | 'no_disbursement_proof'
  | 'no_delivered_demand'
  | 'limitation_expired'
  | 'amounts_inconsistent'
  | 'limitation_expiring'
  | 'no_contact_record'
  | 'borrower_address_missing'
  | 'interest_off_rate';

export interface CompletenessIssue {
  code: CompletenessIssueCode;
  severity: 'blocker' | 'warning';
  message: string;
}

export interface EvidenceBundle {
  caseId: string;
  loanId: string;
  frozenAt: string;
  exhibits: Exhibit[];
  issues: CompletenessIssue[];
}
