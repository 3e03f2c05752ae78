import { type Kysely, sql } from 'kysely';

/**
 * Token administration: a token may expire (`expires_at`, refused once past), and keeps the first
 * characters of its secret part (`token_prefix`, e.g. `le_legal_Ab3x`) so that `token list` can
 * show which token is which without the token itself (only its hash is stored). Tokens made before
 * have no prefix.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE principals ADD COLUMN expires_at timestamptz, ADD COLUMN token_prefix text;
    DROP TRIGGER principals_notify ON principals;
    CREATE TRIGGER principals_notify AFTER UPDATE OF token_hash, role, law_firm_id, revoked_at, expires_at OR DELETE ON principals
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER principals_notify ON principals;
    CREATE TRIGGER principals_notify AFTER UPDATE OF token_hash, role, law_firm_id, revoked_at OR DELETE ON principals
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
    ALTER TABLE principals DROP COLUMN expires_at, DROP COLUMN token_prefix;
  `.execute(db);
}
