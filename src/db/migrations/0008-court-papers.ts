import { type Kysely, sql } from 'kysely';

/**
 * The court's papers (受理通知书, 传票, 判决书, 调解书) that a firm's lawyer uploads join the case
 * file as documents of type `court_paper`: the CHECK on documents.type gains it.
 */
const BEFORE = `'demand_letter', 'lawyer_letter', 'complaint', 'evidence_list', 'claim_calculation',
  'power_of_attorney', 'legal_rep_certificate', 'service_address_confirmation', 'exhibit'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE documents DROP CONSTRAINT documents_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN (${sql.raw(BEFORE)}, 'court_paper'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM documents WHERE type = 'court_paper';
    ALTER TABLE documents DROP CONSTRAINT documents_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN (${sql.raw(BEFORE)}));
  `.execute(db);
}
