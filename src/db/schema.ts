import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { CaseStatus } from '../domain/case-status.ts';
import type { ClaimCalculation } from '../domain/claim.ts';
import type { DocumentFormat, DocumentType } from '../domain/documents.ts';
import type { EvidenceBundle } from '../domain/evidence.ts';

/**
 * Kysely's view of the database. Money columns are bigint fen read back as numbers (see
 * `pool.ts`: the int8 parser refuses values beyond 2^53); rates are numeric read as exact
 * decimal strings; calendar dates are 'YYYY-MM-DD' strings, never JS Dates, so no time zone
 * can move a due date.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/**
 * A JSON column of values our own code wrote (read as T; written as JSON text).
 */
type Json<T extends object> = JSONColumnType<T, string, string>;
/** A JSON column of what others sent: parsed with its zod schema where it is read. */
type ForeignJson = ColumnType<unknown, string, string>;

export interface BusinessLicenceFile {
  /** The file as uploaded. */
  key: string;
  sha256: string;
  mediaType: 'application/pdf' | 'image/png' | 'image/jpeg';
  size: number;
  /** The exhibit PDF (the upload itself, or the image embedded on an A4 page). */
  pdfKey: string;
  pdfSha256: string;
  pages: number;
}

export interface LenderTable {
  id: string;
  name: string;
  unified_social_credit_code: string;
  domicile: string;
  legal_representative: string;
  legal_representative_title: string | null;
  phone: string | null;
  demand_by: Generated<'lender' | 'law_firm'>;
  /** The business licence copy as uploaded: content-store key, hash and media type. */
  business_licence: Json<BusinessLicenceFile> | null;
  interest_cap: ForeignJson;
  /** ClaimConventions as given; '{}' (the default) is every default. */
  claim_conventions: ColumnType<unknown, string | undefined, string>;
  response_days: number | null;
  letterhead: ForeignJson | null;
  internet_court: string | null;
  /** The firm a case of this lender is handed to when the escalation names none. */
  default_law_firm_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface LawFirmTable {
  id: string;
  name: string;
  license_number: string;
  address: string;
  lead_lawyer: string;
  phone: string | null;
  postcode: string | null;
  email: string | null;
  /** The firm's lawyers as pushed (domain/parties.ts `Lawyer`). */
  lawyers: ForeignJson | null;
  webhook_url: string | null;
  /** Standard Webhooks secret (whsec_…) signing the firm's notifications; made by the database. */
  webhook_secret: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface BorrowerTable {
  id: Generated<string>;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  ethnicity: string | null;
  id_type: 'resident_id';
  id_number: string;
  phone: string;
  address: string;
  email: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface LoanTable {
  id: string;
  lender_id: string;
  borrower_id: string;
  contract_number: string;
  signed_at: string;
  signed_place: string | null;
  principal_fen: number;
  annual_rate: string;
  penalty_rate_markup: string;
  compound_interest: boolean;
  term_months: number;
  start_date: string;
  maturity_date: string;
  repayment_method: 'equal_installment' | 'equal_principal' | 'bullet' | 'interest_first';
  jurisdiction_court: string | null;
  online_signed: boolean;
  acceleration_clause: boolean;
  disbursement_date: string;
  disbursement_fen: number;
  /** The validated snapshot as pushed, kept whole so a case can freeze exactly what it used. */
  snapshot: ForeignJson;
  snapshot_sha256: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ScheduleEntryTable {
  loan_id: string;
  period: number;
  due_date: string;
  principal_fen: number;
  interest_fen: number;
}

export interface PaymentTable {
  id: Generated<number>;
  loan_id: string;
  paid_on: string;
  amount_fen: number;
  source: 'snapshot' | 'case_event' | 'webhook';
  transaction_id: Generated<string | null>;
  case_id: string | null;
  created_at: CreatedAt;
}

export interface ContractFileTable {
  loan_id: string;
  sha256: string;
  size: number;
  storage_key: string;
  page_count: number | null;
  uploaded_at: CreatedAt;
}

export interface ContactRecordTable {
  id: Generated<number>;
  loan_id: string;
  channel: 'phone' | 'sms' | 'email' | 'letter' | 'visit' | 'app';
  occurred_at: Timestamp;
  outcome: string;
  note: string | null;
  collector: string | null;
  /** sha256 of the record's fields: the same record pushed twice is stored once. */
  fingerprint: string;
  created_at: CreatedAt;
}


/** Where a loan stands against its schedule (migration 0007 defines it; triggers keep it current). */
export interface LoanStandingTable {
  loan_id: string;
  lender_id: string;
  paid_fen: number;
  outstanding_principal_fen: number;
  first_unpaid_due_date: string | null;
}

export interface CaseTable {
  id: string;
  loan_id: string;
  lender_id: string;
  law_firm_id: string | null;
  workflow_id: string;
  status: CaseStatus;
  reason: string;
  response_days: number;
  /** Totals of the latest claim calculation, after the cap. */
  claim_total_fen: number | null;
  claim_as_of: string | null;
  claim: Json<ClaimCalculation> | null;
  limitation_deadline: string | null;
  limitation_status: 'ok' | 'expiring' | 'expired' | null;
  next_deadline: string | null;
  next_deadline_kind: string | null;
  stale: Generated<boolean>;
  blockers: Json<Array<{ code: string; message: string }>> | null;
  court: string | null;
  court_case_number: string | null;
  escalated_by: string;
  /** Sequence number of the workflow's last write of the row (see syncCase). */
  synced_seq: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: string;
  type: string;
  occurred_at: Timestamp;
  recorded_at: CreatedAt;
  actor: string;
  data: Json<Record<string, unknown>>;
  /** Makes a retried activity or a repeated request record the event once. */
  idempotency_key: string;
}

export interface EvidenceBundleTable {
  case_id: string;
  frozen_at: Timestamp;
  loan_snapshot_sha256: string;
  bundle: Json<EvidenceBundle>;
}

export interface DocumentTable {
  id: string;
  case_id: string;
  /** court_paper: a paper of the court (受理通知书, 传票, 判决书, 调解书) uploaded by the firm's lawyer. */
  type: DocumentType | 'exhibit' | 'court_paper';
  format: DocumentFormat;
  name: string;
  version: number;
  template_name: string | null;
  template_version: string | null;
  sha256: string;
  size: number;
  pages: number | null;
  storage_key: string;
  created_at: CreatedAt;
}

export interface PrincipalTable {
  id: Generated<string>;
  name: string;
  role: 'legal' | 'lawyer' | 'system';
  law_firm_id: string | null;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  /** Refused from this time on; null: never expires. */
  expires_at: Timestamp | null;
  /** The token's first characters (`le_legal_Ab3x`), to tell tokens apart in lists; null for tokens made before it was kept. */
  token_prefix: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  principal_id: string | null;
  role: string | null;
  action: string;
  case_id: string | null;
  resource: string;
  ip: string | null;
  request_id: string | null;
  details: Json<Record<string, unknown>> | null;
}

export interface ProcessedWebhookTable {
  webhook_id: string;
  event_type: string;
  received_at: CreatedAt;
  payload: Json<{ bodySha256: string; timestamp: string }>;
  /** What the service answered, as the webhook route's schema describes it (parsed where it is replayed). */
  result: ForeignJson | null;
}

export interface EscalationBatchTable {
  id: string;
  /** The principal's id, or `collections-webhook`: whose idempotency keys these are. */
  requested_by: string;
  idempotency_key: string;
  /** SHA-256 of the canonical request: the same key with another request is a conflict. */
  request_sha256: string;
  /** The request without its loan ids (those are the items). */
  request: Json<Record<string, unknown>>;
  actor: string;
  status: Generated<'running' | 'completed'>;
  accepted: number;
  workflow_id: string;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
}

export interface EscalationBatchItemTable {
  batch_id: string;
  /** Position in the request, from 1. */
  seq: number;
  loan_id: string;
  /** Null = accepted; else the refusal reason (batch contract's RefusalReason). */
  refusal: string | null;
  refusal_message: string | null;
  case_id: string | null;
  done_at: Timestamp | null;
}

export interface FilingBatchTable {
  id: string;
  requested_by: string;
  law_firm_id: string | null;
  created_at: CreatedAt;
}

export interface FilingBatchItemTable {
  batch_id: string;
  case_id: string;
  /** The receiving court, by the jurisdiction rule. */
  court: string;
  jurisdiction_basis: string;
}

export interface Database {
  lenders: LenderTable;
  law_firms: LawFirmTable;
  borrowers: BorrowerTable;
  loans: LoanTable;
  schedule_entries: ScheduleEntryTable;
  payments: PaymentTable;
  contract_files: ContractFileTable;
  contact_records: ContactRecordTable;
  loan_standings: LoanStandingTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  evidence_bundles: EvidenceBundleTable;
  documents: DocumentTable;
  principals: PrincipalTable;
  audit_log: AuditLogTable;
  processed_webhooks: ProcessedWebhookTable;
  escalation_batches: EscalationBatchTable;
  escalation_batch_items: EscalationBatchItemTable;
  filing_batches: FilingBatchTable;
  filing_batch_items: FilingBatchItemTable;
}

export type Case = Selectable<CaseTable>;
export type DocumentRow = Selectable<DocumentTable>;
export type Principal = Selectable<PrincipalTable>;
