/**
 * How the portfolio is doing, for the legal team's dashboard (`GET /v1/analytics`): SQL over the
 * read model (cases, case_events) only, so it answers whatever Temporal is doing.
 *
 * - Cases by status.
 * - Open cases whose limitation deadline falls within the next 90 days (soonest first).
 * - Cases a firm has left without a milestone (stale), per firm.
 * - Recovery by stage (the case's status) and by firm, from one pass over the cases and their outcome
 *   events: cases; filed (a `filed` milestone) and the filed rate; days from escalation (the case's
 *   creation, China date) to the filing date the lawyer reported; judgments won (won or partially
 *   won); amounts awarded (judgments); recovered = payments received on the case + amounts the
 *   firm reported recovered; recovery rate = recovered / the cases' claim totals.
 *
 * The counts and sums by firm and by status come from `case_summary` (migration 0012): counters the
 * writes of `cases` and `case_outcomes` (migration 0011, itself kept from the timeline) keep in the
 * same transaction, so they are exact and the query sums a few hundred rows, not every case. The
 * limitation window depends on today, so it is counted from the cases through a partial index.
 * Measured by bench/analytics.bench.ts over 100,000 cases (target p99 ≤ 200 ms).
 */
import { z } from '@hono/zod-openapi';
import { type Kysely, sql } from 'kysely';
import { today } from '../../case/contract.ts';
import type { Database } from '../../db/schema.ts';
import { addDays } from '../../domain/calendar.ts';
import { CaseStatus, TERMINAL_CASE_STATUSES } from '../../domain/case-status.ts';
import { formatYuan } from '../../domain/money.ts';

const Recovery = z.object({
  cases: z.number().int(),
  filed: z.number().int(),
  filedRate: z.number().openapi({ description: '0…1' }),
  averageDaysToFiling: z.number().nullable(),
  judgmentsWon: z.number().int(),
  awarded: z.string().openapi({ description: 'yuan' }),
  recovered: z.string().openapi({ description: 'yuan' }),
  claimed: z.string().openapi({ description: 'yuan: the claim totals of these cases' }),
  recoveryRate: z.number().nullable().openapi({ description: 'recovered / claimed' }),
});

export const Analytics = z
  .object({
    asOf: z.string(),
    byStatus: z.array(z.object({ status: CaseStatus, cases: z.number().int() })),
    limitationWithin90Days: z.object({
      count: z.number().int(),
      soonest: z.array(z.object({ caseId: z.string(), contractNumber: z.string(), deadline: z.string(), status: CaseStatus })),
    }),
    staleAtFirm: z.array(z.object({ lawFirmId: z.string(), lawFirm: z.string(), cases: z.number().int() })),
    byStage: z.array(Recovery.extend({ status: CaseStatus })),
    byFirm: z.array(Recovery.extend({ lawFirmId: z.string().nullable(), lawFirm: z.string().nullable() })),
  })
  .openapi('Analytics');
export type Analytics = z.infer<typeof Analytics>;

interface RecoveryRow {
  law_firm_id: string | null;
  status: CaseStatus | null;
  by_firm: number;
  cases: string;
  filed: string;
  days_to_filing: string | null;
  won: string;
  awarded_fen: string;
  recovered_fen: string;
  claimed_fen: string;
}

function recovery(row: RecoveryRow): z.infer<typeof Recovery> {
  const cases = Number(row.cases);
  const filed = Number(row.filed);
  const recovered = Number(row.recovered_fen);
  const claimed = Number(row.claimed_fen);
  return {
    cases,
    filed,
    filedRate: cases === 0 ? 0 : filed / cases,
    averageDaysToFiling: row.days_to_filing === null ? null : Math.round(Number(row.days_to_filing) * 10) / 10,
    judgmentsWon: Number(row.won),
    awarded: formatYuan(Number(row.awarded_fen)),
    recovered: formatYuan(recovered),
    claimed: formatYuan(claimed),
    recoveryRate: claimed === 0 ? null : recovered / claimed,
  };
}

const CLOSED = [...TERMINAL_CASE_STATUSES];

/**
 * Open cases, written with the statuses as literals so that the planner matches the partial index
 * `cases_open_limitation_idx` (migration 0012), whose predicate is this one.
 */
const openCase = sql<boolean>`cases.status NOT IN (${sql.join(CLOSED.map((s) => sql.lit(s)))})`;

export async function portfolioAnalytics(db: Kysely<Database>): Promise<Analytics> {
  const asOf = today();
  const horizon = addDays(asOf, 90);
  const [recoveryRows, limitation, soonest, stale, firms] = await Promise.all([
    sql<RecoveryRow>`
      SELECT law_firm_id, status,
             (GROUPING(status))::int AS by_firm,
             sum(cases) AS cases,
             sum(filed) AS filed,
             sum(days_to_filing)::numeric / nullif(sum(filed), 0) AS days_to_filing,
             sum(won) AS won,
             sum(awarded_fen) AS awarded_fen,
             sum(recovered_fen) AS recovered_fen,
             sum(claimed_fen) AS claimed_fen
        FROM case_summary
       GROUP BY GROUPING SETS ((law_firm_id), (status))
      HAVING sum(cases) > 0`.execute(db),
    db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(openCase)
      .where('limitation_deadline', '>=', asOf)
      .where('limitation_deadline', '<=', horizon)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('cases')
      .innerJoin('loans', 'loans.id', 'cases.loan_id')
      .select(['cases.id', 'loans.contract_number', 'cases.limitation_deadline', 'cases.status'])
      .where(openCase)
      .where('cases.limitation_deadline', '>=', asOf)
      .where('cases.limitation_deadline', '<=', horizon)
      .orderBy('cases.limitation_deadline')
      .orderBy('cases.id')
      .limit(20)
      .execute(),
    sql<{ law_firm_id: string; n: string }>`
      SELECT law_firm_id, sum(stale) AS n
        FROM case_summary
       WHERE law_firm_id IS NOT NULL AND status NOT IN (${sql.join(CLOSED.map((s) => sql.lit(s)))})
       GROUP BY law_firm_id
      HAVING sum(stale) > 0`
      .execute(db)
      .then((r) => r.rows),
    db.selectFrom('law_firms').select(['id', 'name']).execute(),
  ]);
  const firmName = new Map(firms.map((f) => [f.id, f.name]));
  const byStatus = recoveryRows.rows.filter((r) => r.by_firm === 0 && r.status !== null);
  return {
    asOf,
    byStatus: CaseStatus.options
      .map((status) => ({ status, cases: Number(byStatus.find((r) => r.status === status)?.cases ?? 0) }))
      .filter((s) => s.cases > 0),
    limitationWithin90Days: {
      count: Number(limitation.n),
      soonest: soonest.map((c) => ({ caseId: c.id, contractNumber: c.contract_number, deadline: c.limitation_deadline ?? '', status: c.status })),
    },
    staleAtFirm: stale
      .map((s) => ({ lawFirmId: s.law_firm_id ?? '', lawFirm: firmName.get(s.law_firm_id ?? '') ?? '', cases: Number(s.n) }))
      .sort((a, b) => b.cases - a.cases),
    byStage: CaseStatus.options.flatMap((status) => {
      const row = byStatus.find((r) => r.status === status);
      return row === undefined ? [] : [{ status, ...recovery(row) }];
    }),
    byFirm: recoveryRows.rows
      .filter((r) => r.by_firm === 1)
      .map((r) => ({ lawFirmId: r.law_firm_id, lawFirm: r.law_firm_id === null ? null : (firmName.get(r.law_firm_id) ?? r.law_firm_id), ...recovery(r) }))
      .sort((a, b) => b.cases - a.cases),
  };
}
