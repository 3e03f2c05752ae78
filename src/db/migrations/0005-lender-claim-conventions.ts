import { type Kysely, sql } from 'kysely';

/**
 * A lender's claim conventions (payment allocation, cap scope, day-count basis; see
 * src/domain/claim-conventions.ts). Lenders stored before keep today's defaults: '{}' is all defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE lenders ADD COLUMN claim_conventions jsonb NOT NULL DEFAULT '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE lenders DROP COLUMN claim_conventions`.execute(db);
}
