// Analytics benchmark: `npm run bench -- analytics`.
//
// Starts its own PostgreSQL, seeds 100,000 cases (bulk INSERT … SELECT generate_series: loans,
// cases across statuses and firms, and a timeline of ~6 events per case with the outcome events
// the figures read: filed, judgment, recovered, payment_received), then times GET /v1/analytics's
// query (`portfolioAnalytics`) against `SELECT 1` on the same pool in the same run.
// Target: p99 ≤ 200 ms. The last line printed is one JSON object with the figures.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { portfolioAnalytics } from '../src/api/analytics/portfolio.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createDatabase } from '../src/db/pool.ts';
import { freePort } from '../test/support/free-port.ts';

const CASES = 100_000;
const WARMUP = 5;
const RUNS = 100;
const TARGET = { p99MsMax: 200 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(ms.at(-1)!) };
}

const root = mkdtempSync(join(tmpdir(), 'bench-analytics-'));
chmodSync(root, 0o755);
const pg = startEmbeddedPostgres({ dir: join(root, 'postgres'), port: await freePort(), password: 'bench-password-not-secret' });
try {
  await ensureDatabase(pg.url('postgres'), 'bench');
  const db = createDatabase(pg.url('bench'), 5);
  await migrateToLatest(db);
  const seedStarted = performance.now();
  // One session for the bulk load: no statement timeout, and the change-notification triggers
  // (one NOTIFY per case and event, for API caches nobody runs here) off while it loads.
  await db.connection().execute(async (db) => {
  await sql`SET statement_timeout = 0`.execute(db);
  await sql`ALTER TABLE cases DISABLE TRIGGER cases_notify`.execute(db);
  await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_notify`.execute(db);
  await sql`
    INSERT INTO lenders (id, name, unified_social_credit_code, domicile, legal_representative, interest_cap)
    VALUES ('lender-a', '星河示范消费金融有限公司', '91110105MA01DEM01M', '北京市朝阳区', '周明远', '{"rule":"annual_rate","rate":"0.24"}');
    INSERT INTO law_firms (id, name, license_number, address, lead_lawyer)
    SELECT 'firm-' || f, '示范律师事务所' || f, 'L' || f, '北京市', '赵子墨' FROM generate_series(1, 8) f;
    INSERT INTO borrowers (name, gender, birth_date, id_type, id_number, phone, address)
    VALUES ('王芳', 'female', '1949-12-31', 'resident_id', '11010519491231002X', '13800138000', '北京市朝阳区建国路88号');
    INSERT INTO loans (id, lender_id, borrower_id, contract_number, signed_at, principal_fen, annual_rate, penalty_rate_markup,
      compound_interest, term_months, start_date, maturity_date, repayment_method, online_signed, disbursement_date, disbursement_fen, snapshot, snapshot_sha256)
    SELECT 'loan-' || g, 'lender-a', (SELECT id FROM borrowers), 'HT-' || g, date '2025-01-01', 1200000, 0.12, 0.5, false, 12,
      date '2025-01-01', date '2026-01-01', 'equal_installment', true, date '2025-01-01', 1200000, '{}', repeat('0', 64)
    FROM generate_series(1, ${sql.lit(CASES)}) g;
  `.execute(db);
  await sql`
    INSERT INTO cases (id, loan_id, lender_id, law_firm_id, workflow_id, status, reason, response_days, claim_total_fen, claim_as_of,
      limitation_deadline, limitation_status, stale, escalated_by, created_at, updated_at)
    SELECT 'case-' || g, 'loan-' || g, 'lender-a', CASE WHEN g % 10 = 0 THEN NULL ELSE 'firm-' || (g % 8 + 1) END, 'wf-' || g,
      (ARRAY['demand_issued','negotiating','handed_off','in_litigation','judgment','enforcement','closed_paid','closed'])[g % 8 + 1],
      '逾期', 15, 1000000 + g % 50000, date '2026-11-01', date '2026-12-01' + (g % 700), 'ok', g % 17 = 0, 'legal:bench',
      now() - make_interval(days => g % 400), now()
    FROM generate_series(1, ${sql.lit(CASES)}) g;
  `.execute(db);
  await sql`
    INSERT INTO case_events (case_id, type, occurred_at, actor, data, idempotency_key)
    SELECT 'case-' || g, e.type, now() - make_interval(days => g % 400 - e.n), 'system:workflow', e.data::jsonb, 'case-' || g || '#' || e.n
    FROM generate_series(1, ${sql.lit(CASES)}) g,
    LATERAL (VALUES
      (1, 'escalated', '{"reason":"逾期","responseDays":15}', true),
      (2, 'evidence_complete', '{"stage":"lawsuit","warnings":[]}', true),
      (3, 'demand_issued', '{"claimTotalFen":1000000,"deadline":"2026-12-01","documentIds":[]}', true),
      (4, 'filed', '{"court":"北京市朝阳区人民法院","caseNumber":"(2026)京0105民初1号","date":"2026-06-01"}', g % 8 >= 3),
      (5, 'judgment', '{"date":"2026-09-01","outcome":"won","awardedAmount":"9000.00"}', g % 8 >= 4),
      (6, 'recovered', '{"date":"2026-10-01","amount":"3000.00"}', g % 8 >= 5),
      (7, 'payment_received', '{"amount":"500.00","paidAt":"2026-10-02"}', g % 5 = 0)
    ) AS e(n, type, data, present)
    WHERE e.present
  `.execute(db);
  await sql`ALTER TABLE cases ENABLE TRIGGER cases_notify`.execute(db);
  await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_notify`.execute(db);
  await sql`ANALYZE`.execute(db);
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const events = await db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  console.error(`seeded ${CASES} cases, ${events.n} events in ${seedSeconds.toFixed(1)} s`);

  const baseline = await timed(RUNS, () => sql`SELECT 1`.execute(db));
  const analytics = await timed(RUNS, () => portfolioAnalytics(db));
  const met = analytics.p99 <= TARGET.p99MsMax;
  console.error(`analytics p50 ${analytics.p50} ms, p99 ${analytics.p99} ms (SELECT 1: p99 ${baseline.p99} ms) — target ${met ? 'met' : 'NOT met'}`);
  await db.destroy();
  console.log(
    JSON.stringify({
      bench: 'analytics',
      figures: { cases: CASES, events: Number(events.n), seedSeconds: Math.round(seedSeconds * 10) / 10, runs: RUNS, ...analytics },
      baseline: { query: 'SELECT 1', ...baseline },
      target: { ...TARGET, met },
    }),
  );
  if (!met) process.exitCode = 1;
} finally {
  pg.stop();
  rmSync(root, { recursive: true, force: true });
}
