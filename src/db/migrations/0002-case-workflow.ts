import { type Kysely, sql } from 'kysely';

/**
 * What the case workflow needs beyond the domain schema: a signing secret per law firm for its
 * handoff notifications (Standard Webhooks), a lender's default firm for the handoff rule, and the
 * sequence number of the workflow's last write to a case row, so that a late retry of an older
 * write never overwrites a newer one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The secret is made by the database so that every firm has one, however it was inserted. Two v4
  // UUIDs give 244 random bits from PostgreSQL's strong generator (pgcrypto is not assumed), as the
  // 32 bytes a Standard Webhooks secret carries.
  await sql`
    ALTER TABLE law_firms ADD COLUMN webhook_secret text NOT NULL
      DEFAULT 'whsec_' || encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64');
    ALTER TABLE lenders ADD COLUMN default_law_firm_id text REFERENCES law_firms(id);
    ALTER TABLE cases ADD COLUMN synced_seq integer NOT NULL DEFAULT 0;
    CREATE INDEX payments_case_idx ON payments (case_id) WHERE case_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX payments_case_idx;
    ALTER TABLE cases DROP COLUMN synced_seq;
    ALTER TABLE lenders DROP COLUMN default_law_firm_id;
    ALTER TABLE law_firms DROP COLUMN webhook_secret;
  `.execute(db);
}
