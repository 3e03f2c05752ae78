import { type Kysely, sql } from 'kysely';

/**
 * Batches: escalation batches with one item per loan (accepted, or refused with its reason, and
 * the case it got), and court filing batches with one item per case and its receiving court.
 * A batch is written whole in one transaction, so a request is accepted with all its loans or not
 * at all. `(requested_by, idempotency_key)` makes a repeated request find its batch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE escalation_batches (
      id text PRIMARY KEY,
      requested_by text NOT NULL,
      idempotency_key text NOT NULL,
      request_sha256 text NOT NULL,
      request jsonb NOT NULL,
      actor text NOT NULL,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed')),
      accepted integer NOT NULL CHECK (accepted >= 0),
      workflow_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      UNIQUE (requested_by, idempotency_key)
    );
    CREATE TABLE escalation_batch_items (
      batch_id text NOT NULL REFERENCES escalation_batches (id),
      seq integer NOT NULL,
      loan_id text NOT NULL,
      refusal text,
      refusal_message text,
      case_id text,
      done_at timestamptz,
      PRIMARY KEY (batch_id, seq),
      UNIQUE (batch_id, loan_id)
    );
    CREATE INDEX escalation_batch_items_pending ON escalation_batch_items (batch_id, seq) WHERE refusal IS NULL AND done_at IS NULL;

    CREATE TABLE filing_batches (
      id text PRIMARY KEY,
      requested_by text NOT NULL,
      law_firm_id text REFERENCES law_firms (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE filing_batch_items (
      batch_id text NOT NULL REFERENCES filing_batches (id),
      case_id text NOT NULL REFERENCES cases (id),
      court text NOT NULL,
      jurisdiction_basis text NOT NULL,
      PRIMARY KEY (batch_id, case_id)
    );
    CREATE INDEX filing_batch_items_court ON filing_batch_items (batch_id, court);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE filing_batch_items;
    DROP TABLE filing_batches;
    DROP TABLE escalation_batch_items;
    DROP TABLE escalation_batches;
  `.execute(db);
}
