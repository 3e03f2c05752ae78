import { type Kysely, sql } from 'kysely';

/**
 * The API's rate limit, shared by every API process: one token bucket per principal in PostgreSQL
 * (`rate_limit_buckets`), refilled and taken from by `take_rate_tokens` in one locked step, on the
 * database's clock (so machines with skewed clocks agree). UNLOGGED: a bucket is worth nothing
 * after a crash or a failover (it starts full again), so it costs no WAL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE rate_limit_buckets (
      principal_id text PRIMARY KEY,
      tokens double precision NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE FUNCTION take_rate_tokens(p_key text, p_per_second double precision, p_burst double precision, p_want integer,
      OUT granted integer, OUT remaining double precision)
    LANGUAGE plpgsql AS $$
    DECLARE
      at timestamptz := clock_timestamp();
    BEGIN
      INSERT INTO rate_limit_buckets AS b (principal_id, tokens, updated_at) VALUES (p_key, p_burst, at)
      ON CONFLICT (principal_id) DO UPDATE
        SET tokens = least(p_burst, b.tokens + greatest(0, extract(epoch FROM at - b.updated_at)) * p_per_second),
            updated_at = greatest(b.updated_at, at)
      RETURNING b.tokens INTO remaining;
      granted := least(p_want, floor(remaining))::integer;
      IF granted > 0 THEN
        UPDATE rate_limit_buckets b SET tokens = b.tokens - granted WHERE b.principal_id = p_key RETURNING b.tokens INTO remaining;
      END IF;
    END $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION take_rate_tokens(text, double precision, double precision, integer);
    DROP TABLE rate_limit_buckets;
  `.execute(db);
}
