import { type Kysely, sql } from 'kysely';

/**
 * The legal team's case list without filters is ordered by last change (updated_at DESC, id): this
 * index lets PostgreSQL read the first page straight off it instead of joining and sorting every
 * case on each request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_updated_idx ON cases (updated_at DESC, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_updated_idx`.execute(db);
}
