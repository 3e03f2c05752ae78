import { type Kysely, sql } from 'kysely';

/** The whole domain: parties, loans and their ledger, cases with timeline and documents, access and audit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE lenders (
      id text PRIMARY KEY,
      name text NOT NULL,
      unified_social_credit_code char(18) NOT NULL,
      domicile text NOT NULL,
      legal_representative text NOT NULL,
      legal_representative_title text NOT NULL DEFAULT '法定代表人',
      interest_cap jsonb NOT NULL,
      response_days integer CHECK (response_days BETWEEN 0 AND 90),
      letterhead jsonb,
      internet_court text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE law_firms (
      id text PRIMARY KEY,
      name text NOT NULL,
      license_number text NOT NULL,
      address text NOT NULL,
      lead_lawyer text NOT NULL,
      webhook_url text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE borrowers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      gender text NOT NULL CHECK (gender IN ('male', 'female')),
      birth_date date NOT NULL,
      ethnicity text,
      id_type text NOT NULL CHECK (id_type = 'resident_id'),
      id_number text NOT NULL UNIQUE,
      phone text NOT NULL,
      address text NOT NULL,
      email text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE loans (
      id text PRIMARY KEY,
      lender_id text NOT NULL REFERENCES lenders(id),
      borrower_id uuid NOT NULL REFERENCES borrowers(id),
      contract_number text NOT NULL,
      signed_at date NOT NULL,
      signed_place text,
      principal_fen bigint NOT NULL CHECK (principal_fen > 0),
      annual_rate numeric(12, 8) NOT NULL CHECK (annual_rate >= 0),
      penalty_rate_markup numeric(12, 8) NOT NULL CHECK (penalty_rate_markup >= 0),
      compound_interest boolean NOT NULL,
      term_months integer NOT NULL CHECK (term_months > 0),
      start_date date NOT NULL,
      maturity_date date NOT NULL CHECK (maturity_date >= start_date),
      repayment_method text NOT NULL CHECK (repayment_method IN ('equal_installment', 'equal_principal', 'bullet', 'interest_first')),
      jurisdiction_court text,
      online_signed boolean NOT NULL,
      acceleration_clause boolean NOT NULL DEFAULT false,
      disbursement_date date NOT NULL,
      disbursement_fen bigint NOT NULL CHECK (disbursement_fen > 0),
      snapshot jsonb NOT NULL,
      snapshot_sha256 char(64) NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX loans_lender_idx ON loans (lender_id);
    CREATE INDEX loans_borrower_idx ON loans (borrower_id);

    CREATE TABLE schedule_entries (
      loan_id text NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
      period integer NOT NULL CHECK (period > 0),
      due_date date NOT NULL,
      principal_fen bigint NOT NULL CHECK (principal_fen >= 0),
      interest_fen bigint NOT NULL CHECK (interest_fen >= 0),
      PRIMARY KEY (loan_id, period)
    );

    CREATE TABLE payments (
      id bigserial PRIMARY KEY,
      loan_id text NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
      paid_on date NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      source text NOT NULL CHECK (source IN ('snapshot', 'case_event', 'webhook')),
      case_id text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payments_loan_idx ON payments (loan_id, paid_on);

    CREATE TABLE contract_files (
      loan_id text NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
      sha256 char(64) NOT NULL,
      size bigint NOT NULL,
      storage_key text NOT NULL,
      page_count integer,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (loan_id, sha256)
    );

    CREATE TABLE contact_records (
      id bigserial PRIMARY KEY,
      loan_id text NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('phone', 'sms', 'email', 'letter', 'visit', 'app')),
      occurred_at timestamptz NOT NULL,
      outcome text NOT NULL,
      note text,
      collector text,
      fingerprint char(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (loan_id, fingerprint)
    );
    CREATE INDEX contact_records_loan_idx ON contact_records (loan_id, occurred_at);

    CREATE TABLE cases (
      id text PRIMARY KEY,
      loan_id text NOT NULL REFERENCES loans(id),
      lender_id text NOT NULL REFERENCES lenders(id),
      law_firm_id text REFERENCES law_firms(id),
      workflow_id text NOT NULL UNIQUE,
      status text NOT NULL,
      reason text NOT NULL,
      response_days integer NOT NULL CHECK (response_days BETWEEN 0 AND 90),
      claim_total_fen bigint,
      claim_as_of date,
      claim jsonb,
      limitation_deadline date,
      limitation_status text CHECK (limitation_status IN ('ok', 'expiring', 'expired')),
      next_deadline date,
      next_deadline_kind text,
      stale boolean NOT NULL DEFAULT false,
      blockers jsonb,
      court text,
      court_case_number text,
      escalated_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    -- One active case per loan: a repeated escalation finds the open one.
    CREATE UNIQUE INDEX cases_one_active_per_loan ON cases (loan_id)
      WHERE status NOT IN ('closed_paid', 'closed_withdrawn', 'closed');
    CREATE INDEX cases_status_idx ON cases (status, updated_at DESC);
    CREATE INDEX cases_lender_idx ON cases (lender_id, updated_at DESC);
    CREATE INDEX cases_firm_idx ON cases (law_firm_id, updated_at DESC);
    CREATE INDEX cases_next_deadline_idx ON cases (next_deadline) WHERE next_deadline IS NOT NULL;

    CREATE TABLE case_events (
      id bigserial PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      idempotency_key text NOT NULL UNIQUE
    );
    CREATE INDEX case_events_case_idx ON case_events (case_id, id);

    CREATE TABLE evidence_bundles (
      case_id text PRIMARY KEY REFERENCES cases(id),
      frozen_at timestamptz NOT NULL,
      loan_snapshot_sha256 char(64) NOT NULL,
      bundle jsonb NOT NULL
    );

    CREATE TABLE documents (
      id text PRIMARY KEY,
      case_id text NOT NULL REFERENCES cases(id),
      type text NOT NULL CHECK (type IN ('demand_letter', 'lawyer_letter', 'complaint', 'evidence_list', 'claim_calculation',
        'power_of_attorney', 'legal_rep_certificate', 'service_address_confirmation', 'exhibit')),
      format text NOT NULL CHECK (format IN ('pdf', 'docx')),
      name text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      template_name text,
      template_version text,
      sha256 char(64) NOT NULL,
      size bigint NOT NULL,
      pages integer,
      storage_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, type, format, name, version)
    );
    CREATE INDEX documents_case_idx ON documents (case_id, created_at);

    CREATE TABLE principals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('legal', 'lawyer', 'system')),
      law_firm_id text REFERENCES law_firms(id),
      token_hash char(64) NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      last_used_at timestamptz,
      CHECK ((role = 'lawyer') = (law_firm_id IS NOT NULL))
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      principal_id uuid REFERENCES principals(id),
      role text,
      action text NOT NULL,
      case_id text,
      resource text NOT NULL,
      ip text,
      request_id text,
      details jsonb
    );
    CREATE INDEX audit_log_case_idx ON audit_log (case_id, at DESC);
    CREATE INDEX audit_log_principal_idx ON audit_log (principal_id, at DESC);

    CREATE TABLE processed_webhooks (
      webhook_id text PRIMARY KEY,
      event_type text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb NOT NULL,
      result jsonb
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE processed_webhooks, audit_log, principals, documents, evidence_bundles, case_events, cases,
      contact_records, contract_files, payments, schedule_entries, loans, borrowers, law_firms, lenders;
  `.execute(db);
}
