import { type Kysely, sql } from 'kysely';

/**
 * What each case has achieved so far, for the legal team's dashboard (`GET /v1/analytics`): the
 * filing date the lawyer reported, whether a judgment was won (or partially won), the amounts
 * awarded, and the amounts recovered (payments received on the case + recoveries the firm
 * reported), in fen. Kept current from case_events by a statement-level trigger (the timeline is
 * only ever appended to), so the dashboard aggregates one row per case instead of parsing every
 * event's JSON on each request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_outcomes (
      case_id text PRIMARY KEY REFERENCES cases(id),
      filed_on date,
      won boolean NOT NULL,
      awarded_fen bigint NOT NULL,
      recovered_fen bigint NOT NULL
    );

    CREATE FUNCTION refresh_case_outcomes(case_ids text[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO case_outcomes (case_id, filed_on, won, awarded_fen, recovered_fen)
      SELECT case_id,
             min((data->>'date')::date) FILTER (WHERE type = 'filed'),
             coalesce(bool_or(type = 'judgment' AND data->>'outcome' IN ('won', 'partially_won')), false),
             coalesce(sum(round((data->>'awardedAmount')::numeric * 100)) FILTER (WHERE type = 'judgment'), 0)::bigint,
             coalesce(sum(round((data->>'amount')::numeric * 100)) FILTER (WHERE type IN ('recovered', 'payment_received')), 0)::bigint
        FROM case_events
       WHERE case_id IN (SELECT unnest(case_ids))
         AND type IN ('filed', 'judgment', 'recovered', 'payment_received')
       GROUP BY case_id
      ON CONFLICT (case_id) DO UPDATE SET
        filed_on = EXCLUDED.filed_on, won = EXCLUDED.won, awarded_fen = EXCLUDED.awarded_fen, recovered_fen = EXCLUDED.recovered_fen;
    $$;

    CREATE FUNCTION refresh_case_outcomes_of_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM refresh_case_outcomes(ARRAY(
        SELECT DISTINCT case_id FROM new_rows WHERE type IN ('filed', 'judgment', 'recovered', 'payment_received')));
      RETURN NULL;
    END $$;
    CREATE TRIGGER case_events_outcome_insert AFTER INSERT ON case_events
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_case_outcomes_of_new();

    SELECT refresh_case_outcomes(ARRAY(SELECT id FROM cases));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER case_events_outcome_insert ON case_events;
    DROP FUNCTION refresh_case_outcomes_of_new();
    DROP FUNCTION refresh_case_outcomes(text[]);
    DROP TABLE case_outcomes;
  `.execute(db);
}
