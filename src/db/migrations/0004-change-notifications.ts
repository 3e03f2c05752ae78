import { type Kysely, sql } from 'kysely';

/**
 * Every API process keeps principals and the case read model in memory and must hear of each
 * change, whichever process made it (the worker's activities, intake, the CLI). These triggers
 * announce changes on two channels, which `ChangeFeed` listens to:
 * - `case_changed`: the id of the case whose row, events or documents changed; `*` when a loan,
 *   borrower, lender or law firm changed, since those show in many cases.
 * - `principal_changed`: the id of a principal whose token, role, firm or revocation changed
 *   (not its last-used time, which is written once a minute and changes no decision).
 * PostgreSQL delivers a notification only when its transaction commits, and once per distinct
 * payload per transaction, so a batch of events on one case costs one message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION notify_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- TG_ARGV[0] names the column holding the case id: 'id' on cases, 'case_id' elsewhere.
      PERFORM pg_notify('case_changed', COALESCE(to_jsonb(NEW), to_jsonb(OLD)) ->> TG_ARGV[0]);
      RETURN NULL;
    END $$;
    CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE OR DELETE ON cases
      FOR EACH ROW EXECUTE FUNCTION notify_case_changed('id');
    CREATE TRIGGER case_events_notify AFTER INSERT OR UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION notify_case_changed('case_id');
    CREATE TRIGGER documents_notify AFTER INSERT OR UPDATE OR DELETE ON documents
      FOR EACH ROW EXECUTE FUNCTION notify_case_changed('case_id');

    CREATE FUNCTION notify_cases_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('case_changed', '*');
      RETURN NULL;
    END $$;
    CREATE TRIGGER loans_notify AFTER INSERT OR UPDATE OR DELETE ON loans
      FOR EACH STATEMENT EXECUTE FUNCTION notify_cases_changed();
    CREATE TRIGGER borrowers_notify AFTER INSERT OR UPDATE OR DELETE ON borrowers
      FOR EACH STATEMENT EXECUTE FUNCTION notify_cases_changed();
    CREATE TRIGGER lenders_notify AFTER INSERT OR UPDATE OR DELETE ON lenders
      FOR EACH STATEMENT EXECUTE FUNCTION notify_cases_changed();
    CREATE TRIGGER law_firms_notify AFTER INSERT OR UPDATE OR DELETE ON law_firms
      FOR EACH STATEMENT EXECUTE FUNCTION notify_cases_changed();

    CREATE FUNCTION notify_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('principal_changed', OLD.id::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER principals_notify AFTER UPDATE OF token_hash, role, law_firm_id, revoked_at OR DELETE ON principals
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER principals_notify ON principals;
    DROP FUNCTION notify_principal_changed();
    DROP TRIGGER law_firms_notify ON law_firms;
    DROP TRIGGER lenders_notify ON lenders;
    DROP TRIGGER borrowers_notify ON borrowers;
    DROP TRIGGER loans_notify ON loans;
    DROP FUNCTION notify_cases_changed();
    DROP TRIGGER documents_notify ON documents;
    DROP TRIGGER case_events_notify ON case_events;
    DROP TRIGGER cases_notify ON cases;
    DROP FUNCTION notify_case_changed();
  `.execute(db);
}
