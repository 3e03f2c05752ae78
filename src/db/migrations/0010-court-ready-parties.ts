import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.1: what a court-ready packet needs of the parties. The lender's phone, who signs its
 * demands and its business licence copy (content store key); the legal representative's title
 * loses its made-up default (absent is reported as missing). The firm's phone, postcode, e-mail and
 * lawyers. Payments keep the lender's transaction id. Documents may be the firm's letter (所函).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE lenders ALTER COLUMN legal_representative_title DROP DEFAULT;
    ALTER TABLE lenders ALTER COLUMN legal_representative_title DROP NOT NULL;
    ALTER TABLE lenders ADD COLUMN phone text;
    ALTER TABLE lenders ADD COLUMN demand_by text NOT NULL DEFAULT 'lender' CHECK (demand_by IN ('lender', 'law_firm'));
    ALTER TABLE lenders ADD COLUMN business_licence jsonb;
    ALTER TABLE law_firms ADD COLUMN phone text;
    ALTER TABLE law_firms ADD COLUMN postcode text;
    ALTER TABLE law_firms ADD COLUMN email text;
    ALTER TABLE law_firms ADD COLUMN lawyers jsonb;
    ALTER TABLE payments ADD COLUMN transaction_id text;
    ALTER TABLE documents DROP CONSTRAINT documents_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN ('demand_letter', 'lawyer_letter', 'complaint', 'evidence_list',
      'claim_calculation', 'power_of_attorney', 'firm_letter', 'legal_rep_certificate', 'service_address_confirmation', 'exhibit', 'court_paper'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM documents WHERE type = 'firm_letter';
    ALTER TABLE documents DROP CONSTRAINT documents_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN ('demand_letter', 'lawyer_letter', 'complaint', 'evidence_list',
      'claim_calculation', 'power_of_attorney', 'legal_rep_certificate', 'service_address_confirmation', 'exhibit', 'court_paper'));
    ALTER TABLE payments DROP COLUMN transaction_id;
    ALTER TABLE law_firms DROP COLUMN lawyers, DROP COLUMN email, DROP COLUMN postcode, DROP COLUMN phone;
    ALTER TABLE lenders DROP COLUMN business_licence, DROP COLUMN demand_by, DROP COLUMN phone;
    UPDATE lenders SET legal_representative_title = '法定代表人' WHERE legal_representative_title IS NULL;
    ALTER TABLE lenders ALTER COLUMN legal_representative_title SET NOT NULL;
    ALTER TABLE lenders ALTER COLUMN legal_representative_title SET DEFAULT '法定代表人';
  `.execute(db);
}
