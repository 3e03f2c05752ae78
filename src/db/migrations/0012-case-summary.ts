import { type Kysely, sql } from 'kysely';

/**
 * The dashboard's counters (`GET /v1/analytics`), kept by the writes themselves: `case_summary`
 * holds, per law firm, case status and shard, how many cases there are, how many are flagged
 * stale, their claim totals, and what they achieved (filed, days from escalation to filing, won,
 * awarded, recovered — from `case_outcomes`, migration 0011). Statement-level triggers on `cases`
 * and `case_outcomes` add each statement's difference in the same transaction, so the counters are
 * always exactly what a pass over the cases would count, and the dashboard sums a few hundred rows
 * instead of 100,000 cases.
 *
 * - A case counts in the row of its firm and status; a change of either moves it (−1 from the old
 *   row, +1 to the new one). Changes that touch no counted field (most updates of a case) add
 *   nothing and lock nothing.
 * - Shards (a hash of the case id, 16 of them) spread concurrent writers of the same firm and
 *   status (a batch escalating thousands of loans) over 16 rows instead of queueing on one; within
 *   a statement rows are locked in key order.
 * - TRUNCATE of either table rebuilds the counters from what remains.
 *
 * Concurrency (READ COMMITTED): a case's contribution depends on its row and its outcome, which two
 * transactions may change at once (a sync moving the case, events adding to its outcome). Whoever
 * changes an outcome first locks the case row (FOR NO KEY UPDATE, the lock an UPDATE of the case
 * takes), then reads it with a fresh snapshot; whoever updates the case holds that lock already. So
 * the two changes of one case are applied one after the other, the second seeing the first, and the
 * counters end where a recount would. The timeline's trigger (0011) takes the same lock before it
 * recomputes an outcome, which also keeps two concurrent event inserts of one case from computing
 * it each without the other's event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_summary (
      law_firm_id text,
      status text NOT NULL,
      shard smallint NOT NULL,
      cases bigint NOT NULL,
      stale bigint NOT NULL,
      claimed_fen bigint NOT NULL,
      filed bigint NOT NULL,
      days_to_filing bigint NOT NULL,
      won bigint NOT NULL,
      awarded_fen bigint NOT NULL,
      recovered_fen bigint NOT NULL,
      CONSTRAINT case_summary_key UNIQUE NULLS NOT DISTINCT (law_firm_id, status, shard)
    );

    -- Adds differences (rows of the table's own shape, any number per key) to the counters.
    -- PL/pgSQL rather than SQL: its statement is planned once per session, not on every call.
    CREATE FUNCTION add_to_case_summary(deltas case_summary[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO case_summary AS s
      SELECT law_firm_id, status, shard, sum(cases), sum(stale), sum(claimed_fen), sum(filed), sum(days_to_filing), sum(won), sum(awarded_fen), sum(recovered_fen)
        FROM unnest(deltas)
       GROUP BY law_firm_id, status, shard
      HAVING sum(cases) <> 0 OR sum(stale) <> 0 OR sum(claimed_fen) <> 0 OR sum(filed) <> 0 OR sum(days_to_filing) <> 0
          OR sum(won) <> 0 OR sum(awarded_fen) <> 0 OR sum(recovered_fen) <> 0
       ORDER BY law_firm_id NULLS FIRST, status, shard
      ON CONFLICT ON CONSTRAINT case_summary_key DO UPDATE SET
        cases = s.cases + EXCLUDED.cases, stale = s.stale + EXCLUDED.stale, claimed_fen = s.claimed_fen + EXCLUDED.claimed_fen,
        filed = s.filed + EXCLUDED.filed, days_to_filing = s.days_to_filing + EXCLUDED.days_to_filing, won = s.won + EXCLUDED.won,
        awarded_fen = s.awarded_fen + EXCLUDED.awarded_fen, recovered_fen = s.recovered_fen + EXCLUDED.recovered_fen;
    END $$;

    -- What one case adds (sign +1) or takes away (−1): its own fields and, when it has one, its outcome.
    -- count_case = false: only the outcome's part (a change of case_outcomes).
    CREATE FUNCTION case_contribution(sign int, count_case boolean, c cases, o case_outcomes) RETURNS case_summary LANGUAGE sql STABLE AS $$
      SELECT ROW(
        c.law_firm_id, c.status, (hashtext(c.id) & 15)::smallint,
        CASE WHEN count_case THEN sign ELSE 0 END,
        CASE WHEN count_case AND c.stale THEN sign ELSE 0 END,
        CASE WHEN count_case THEN sign * coalesce(c.claim_total_fen, 0) ELSE 0 END,
        CASE WHEN o.filed_on IS NOT NULL THEN sign ELSE 0 END,
        coalesce(sign * (o.filed_on - (c.created_at AT TIME ZONE 'Asia/Shanghai')::date), 0),
        CASE WHEN o.won THEN sign ELSE 0 END,
        sign * coalesce(o.awarded_fen, 0),
        sign * coalesce(o.recovered_fen, 0)
      )::case_summary
    $$;

    CREATE FUNCTION case_summary_of_cases() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM add_to_case_summary(ARRAY(
          SELECT case_contribution(1, true, n, o) FROM new_rows n LEFT JOIN case_outcomes o ON o.case_id = n.id));
      ELSIF TG_OP = 'UPDATE' THEN
        -- Most updates of a case (its claim JSON, blockers, deadlines, updated_at) touch nothing counted.
        IF NOT EXISTS (
          SELECT 1 FROM new_rows n LEFT JOIN old_rows x ON x.id = n.id
           WHERE x.id IS NULL
              OR (n.law_firm_id, n.status, n.stale, n.claim_total_fen, n.created_at) IS DISTINCT FROM (x.law_firm_id, x.status, x.stale, x.claim_total_fen, x.created_at)
        ) THEN
          RETURN NULL;
        END IF;
        PERFORM add_to_case_summary(ARRAY(
          SELECT case_contribution(-1, true, x, o) FROM old_rows x LEFT JOIN case_outcomes o ON o.case_id = x.id
          UNION ALL
          SELECT case_contribution(1, true, n, o) FROM new_rows n LEFT JOIN case_outcomes o ON o.case_id = n.id));
      ELSE
        PERFORM add_to_case_summary(ARRAY(
          SELECT case_contribution(-1, true, x, o) FROM old_rows x LEFT JOIN case_outcomes o ON o.case_id = x.id));
      END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION case_summary_of_outcomes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- The case's firm and status as they are once no other transaction is changing them (see the top).
      IF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM cases WHERE id IN (SELECT case_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
      ELSE
        PERFORM 1 FROM cases WHERE id IN (SELECT case_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
      END IF;
      IF TG_OP = 'INSERT' THEN
        PERFORM add_to_case_summary(ARRAY(
          SELECT case_contribution(1, false, c, n) FROM new_rows n JOIN cases c ON c.id = n.case_id));
      ELSIF TG_OP = 'UPDATE' THEN
        -- The timeline's trigger rewrites a case's outcome on every outcome event, often to the same values.
        IF NOT EXISTS (
          SELECT 1 FROM new_rows n LEFT JOIN old_rows x ON x.case_id = n.case_id
           WHERE x.case_id IS NULL
              OR (n.filed_on, n.won, n.awarded_fen, n.recovered_fen) IS DISTINCT FROM (x.filed_on, x.won, x.awarded_fen, x.recovered_fen)
        ) THEN
          RETURN NULL;
        END IF;
        PERFORM add_to_case_summary(ARRAY(
          SELECT case_contribution(-1, false, c, x) FROM old_rows x JOIN cases c ON c.id = x.case_id
          UNION ALL
          SELECT case_contribution(1, false, c, n) FROM new_rows n JOIN cases c ON c.id = n.case_id));
      ELSE
        PERFORM add_to_case_summary(ARRAY(
          SELECT case_contribution(-1, false, c, x) FROM old_rows x JOIN cases c ON c.id = x.case_id));
      END IF;
      RETURN NULL;
    END $$;

    -- The timeline's trigger (0011) now takes the cases first, so that two transactions adding events
    -- to one case compute its outcome one after the other, each seeing the other's events.
    CREATE OR REPLACE FUNCTION refresh_case_outcomes_of_new() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed text[] := ARRAY(SELECT DISTINCT case_id FROM new_rows WHERE type IN ('filed', 'judgment', 'recovered', 'payment_received') ORDER BY case_id);
    BEGIN
      IF cardinality(changed) > 0 THEN
        PERFORM 1 FROM cases WHERE id = ANY(changed) ORDER BY id FOR NO KEY UPDATE;
        PERFORM refresh_case_outcomes(changed);
      END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION rebuild_case_summary() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM case_summary;
      PERFORM add_to_case_summary(ARRAY(SELECT case_contribution(1, true, c, o) FROM cases c LEFT JOIN case_outcomes o ON o.case_id = c.id));
      RETURN NULL;
    END $$;

    CREATE TRIGGER case_summary_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_summary_of_cases();
    CREATE TRIGGER case_summary_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_summary_of_cases();
    CREATE TRIGGER case_summary_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_summary_of_cases();
    CREATE TRIGGER case_summary_truncate AFTER TRUNCATE ON cases
      FOR EACH STATEMENT EXECUTE FUNCTION rebuild_case_summary();

    CREATE TRIGGER case_summary_insert AFTER INSERT ON case_outcomes REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_summary_of_outcomes();
    CREATE TRIGGER case_summary_update AFTER UPDATE ON case_outcomes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_summary_of_outcomes();
    CREATE TRIGGER case_summary_delete AFTER DELETE ON case_outcomes REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_summary_of_outcomes();
    CREATE TRIGGER case_summary_truncate AFTER TRUNCATE ON case_outcomes
      FOR EACH STATEMENT EXECUTE FUNCTION rebuild_case_summary();

    SELECT add_to_case_summary(ARRAY(SELECT case_contribution(1, true, c, o) FROM cases c LEFT JOIN case_outcomes o ON o.case_id = c.id));

    -- The open cases whose limitation deadline falls in a window, soonest first (the dashboard's second figure).
    CREATE INDEX cases_open_limitation_idx ON cases (limitation_deadline, id)
      WHERE limitation_deadline IS NOT NULL AND status NOT IN ('closed_paid', 'closed_withdrawn', 'closed');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX cases_open_limitation_idx;
    DROP TRIGGER case_summary_insert ON cases;
    DROP TRIGGER case_summary_update ON cases;
    DROP TRIGGER case_summary_delete ON cases;
    DROP TRIGGER case_summary_truncate ON cases;
    DROP TRIGGER case_summary_insert ON case_outcomes;
    DROP TRIGGER case_summary_update ON case_outcomes;
    DROP TRIGGER case_summary_delete ON case_outcomes;
    DROP TRIGGER case_summary_truncate ON case_outcomes;
    DROP FUNCTION rebuild_case_summary();
    CREATE OR REPLACE FUNCTION refresh_case_outcomes_of_new() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM refresh_case_outcomes(ARRAY(
        SELECT DISTINCT case_id FROM new_rows WHERE type IN ('filed', 'judgment', 'recovered', 'payment_received')));
      RETURN NULL;
    END $fn$;
    DROP FUNCTION case_summary_of_outcomes();
    DROP FUNCTION case_summary_of_cases();
    DROP FUNCTION case_contribution(int, boolean, cases, case_outcomes);
    DROP FUNCTION add_to_case_summary(case_summary[]);
    DROP TABLE case_summary;
  `.execute(db);
}
