import { type Kysely, sql } from 'kysely';

/**
 * Where each loan stands against its schedule, kept current by triggers, so that the legal team's
 * overdue-loan list (`src/loans/overdue-loans.ts`) reads one row per loan instead of replaying
 * every schedule and payment on each request (100,000 loans × 12 periods).
 *
 * The definition (SQL function `refresh_loan_standings`), a triage figure for the list — the
 * claim itself (penalty, compound interest, the cap) is computed by `src/domain/claim-ledger.ts`:
 * - **Paid**: the loan's payments counted once, as `reconcilePayments` does: the ledger's (snapshot)
 *   payments plus the reported ones (case events, webhook) it does not list; a reported payment
 *   matches a ledger payment of the same day and amount one for one, so per (day, amount) the count
 *   is max(ledger count, reported count).
 * - **Waterfall**: paid money settles instalments oldest first (period order), interest before
 *   principal within an instalment (民法典 第561条 order, without penalty and compound interest).
 * - **Outstanding principal** = the amount disbursed (which intake checks equals the contract
 *   principal and the schedule's principal) − the principal the waterfall settled.
 * - **First unpaid due date**: the due date of the oldest instalment the waterfall does not settle
 *   in full; NULL when every instalment is settled. Days past due are counted from it at query time
 *   (today in China − that date), so the table never goes stale as days pass.
 *
 * (The loan ids are joined as a set — `IN (SELECT unnest(…))` — not matched with `= ANY`, which
 * compares each row with every id: a bulk load of 100,000 loans would take hours.)
 * The loan's lender is copied in, so that one lender's overdue loans are read in list order off an index.
 * Statement-level triggers on schedule_entries, payments and loans recompute the loans a statement
 * touched (transition tables: one refresh per statement, whatever its row count).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE loan_standings (
      loan_id text PRIMARY KEY REFERENCES loans(id) ON DELETE CASCADE,
      lender_id text NOT NULL,
      paid_fen bigint NOT NULL,
      outstanding_principal_fen bigint NOT NULL,
      first_unpaid_due_date date
    );
    CREATE INDEX loan_standings_overdue_idx ON loan_standings (first_unpaid_due_date, loan_id)
      WHERE first_unpaid_due_date IS NOT NULL;
    CREATE INDEX loan_standings_lender_overdue_idx ON loan_standings (lender_id, first_unpaid_due_date, loan_id)
      WHERE first_unpaid_due_date IS NOT NULL;

    CREATE FUNCTION refresh_loan_standings(loan_ids text[]) RETURNS void LANGUAGE sql AS $$
      DELETE FROM loan_standings ls
       WHERE ls.loan_id IN (SELECT unnest(loan_ids))
         AND NOT EXISTS (SELECT 1 FROM schedule_entries s WHERE s.loan_id = ls.loan_id);
      INSERT INTO loan_standings (loan_id, lender_id, paid_fen, outstanding_principal_fen, first_unpaid_due_date)
      WITH counted AS (
        SELECT loan_id, amount_fen * greatest(count(*) FILTER (WHERE source = 'snapshot'),
                                              count(*) FILTER (WHERE source <> 'snapshot')) AS fen
          FROM payments WHERE loan_id IN (SELECT unnest(loan_ids))
         GROUP BY loan_id, paid_on, amount_fen
      ), paid AS (
        SELECT loan_id, sum(fen)::bigint AS fen FROM counted GROUP BY loan_id
      ), instalments AS (
        SELECT loan_id, due_date, principal_fen, interest_fen,
               coalesce(sum(principal_fen + interest_fen) OVER (PARTITION BY loan_id ORDER BY period
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS settled_before_fen
          FROM schedule_entries WHERE loan_id IN (SELECT unnest(loan_ids))
      )
      SELECT i.loan_id, l.lender_id,
             coalesce(p.fen, 0),
             l.disbursement_fen - sum(least(i.principal_fen, greatest(0, coalesce(p.fen, 0) - i.settled_before_fen - i.interest_fen)))::bigint,
             min(i.due_date) FILTER (WHERE i.settled_before_fen + i.interest_fen + i.principal_fen > coalesce(p.fen, 0))
        FROM instalments i
        JOIN loans l ON l.id = i.loan_id
        LEFT JOIN paid p ON p.loan_id = i.loan_id
       GROUP BY i.loan_id, l.lender_id, l.disbursement_fen, p.fen
      ON CONFLICT (loan_id) DO UPDATE SET
        lender_id = EXCLUDED.lender_id,
        paid_fen = EXCLUDED.paid_fen,
        outstanding_principal_fen = EXCLUDED.outstanding_principal_fen,
        first_unpaid_due_date = EXCLUDED.first_unpaid_due_date;
    $$;

    CREATE FUNCTION refresh_loan_standings_of_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_loan_standings(ARRAY(SELECT DISTINCT loan_id FROM new_rows));
      RETURN NULL;
    END $$;
    CREATE FUNCTION refresh_loan_standings_of_old() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_loan_standings(ARRAY(SELECT DISTINCT loan_id FROM old_rows));
      RETURN NULL;
    END $$;
    CREATE FUNCTION refresh_loan_standings_of_loans() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_loan_standings(ARRAY(SELECT DISTINCT id FROM new_rows));
      RETURN NULL;
    END $$;

    CREATE TRIGGER schedule_entries_standing_insert AFTER INSERT ON schedule_entries
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_new();
    CREATE TRIGGER schedule_entries_standing_update AFTER UPDATE ON schedule_entries
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_new();
    CREATE TRIGGER schedule_entries_standing_delete AFTER DELETE ON schedule_entries
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_old();
    CREATE TRIGGER payments_standing_insert AFTER INSERT ON payments
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_new();
    CREATE TRIGGER payments_standing_update AFTER UPDATE ON payments
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_new();
    CREATE TRIGGER payments_standing_delete AFTER DELETE ON payments
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_old();
    CREATE TRIGGER loans_standing_update AFTER UPDATE ON loans
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_loan_standings_of_loans();

    SELECT refresh_loan_standings(ARRAY(SELECT id FROM loans));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER loans_standing_update ON loans;
    DROP TRIGGER payments_standing_delete ON payments;
    DROP TRIGGER payments_standing_update ON payments;
    DROP TRIGGER payments_standing_insert ON payments;
    DROP TRIGGER schedule_entries_standing_delete ON schedule_entries;
    DROP TRIGGER schedule_entries_standing_update ON schedule_entries;
    DROP TRIGGER schedule_entries_standing_insert ON schedule_entries;
    DROP FUNCTION refresh_loan_standings_of_loans(), refresh_loan_standings_of_old(), refresh_loan_standings_of_new();
    DROP FUNCTION refresh_loan_standings(text[]);
    DROP TABLE loan_standings;
  `.execute(db);
}
