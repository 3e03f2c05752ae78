/**
 * The dashboard's counters (`case_summary`, migration 0012) over a real PostgreSQL: after hundreds
 * of random changes to cases and their timelines, written concurrently from several sessions the
 * way the workflows' syncs write them (events and the case row in one transaction), bulk updates
 * and a TRUNCATE, the counters equal a count over every case, to the fen.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/case/contract.ts';
import { CaseStatus } from '../../src/domain/case-status.ts';
import { addDays } from '../../src/domain/calendar.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import { seededRandom } from '../../src/seed/seeded-random.ts';
import { overdueLoan, seedLawFirm, seedLender } from '../support/case-data.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const LOANS = 30;
const FIRMS = ['firm-x', 'firm-y', 'firm-z'];

interface Totals {
  law_firm_id: string | null;
  status: string | null;
  cases: string;
  stale: string;
  claimed_fen: string;
  filed: string;
  days_to_filing: string;
  won: string;
  awarded_fen: string;
  recovered_fen: string;
}

/** By firm and by status: the counters, and the same figures counted over the cases themselves. */
async function countersAndRecount(t: TestDatabase): Promise<{ counters: Totals[]; recount: Totals[] }> {
  const counters = await sql<Totals>`
    SELECT law_firm_id, status, sum(cases)::text AS cases, sum(stale)::text AS stale, sum(claimed_fen)::text AS claimed_fen, sum(filed)::text AS filed,
           sum(days_to_filing)::text AS days_to_filing, sum(won)::text AS won, sum(awarded_fen)::text AS awarded_fen, sum(recovered_fen)::text AS recovered_fen
      FROM case_summary GROUP BY GROUPING SETS ((law_firm_id), (status)) HAVING sum(cases) > 0 ORDER BY 1, 2`.execute(t.db);
  const recount = await sql<Totals>`
    SELECT c.law_firm_id, c.status, count(*)::text AS cases, count(*) FILTER (WHERE c.stale)::text AS stale, coalesce(sum(c.claim_total_fen), 0)::text AS claimed_fen,
           count(o.filed_on)::text AS filed, coalesce(sum(o.filed_on - (c.created_at AT TIME ZONE 'Asia/Shanghai')::date), 0)::text AS days_to_filing,
           count(*) FILTER (WHERE o.won)::text AS won, coalesce(sum(o.awarded_fen), 0)::text AS awarded_fen, coalesce(sum(o.recovered_fen), 0)::text AS recovered_fen
      FROM cases c LEFT JOIN case_outcomes o ON o.case_id = c.id
     GROUP BY GROUPING SETS ((c.law_firm_id), (c.status)) ORDER BY 1, 2`.execute(t.db);
  return { counters: counters.rows, recount: recount.rows };
}

describe('case_summary counters', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedLender(t.db, 'lender-a');
    for (const firm of FIRMS) await seedLawFirm(t.db, firm);
    for (let i = 0; i < LOANS; i++) await upsertLoan(t.db, `loan-${i}`, overdueLoan('lender-a', `HT-${i}`));
  });
  afterAll(async () => t?.db.destroy());

  it('equal a count over every case after random concurrent changes, bulk updates and a truncate', async () => {
    const random = seededRandom(20261201);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const firmOrNone = () => (random() < 0.25 ? null : pick(FIRMS));
    const opened: string[] = [];
    let eventSeq = 0;
    let deadlocks = 0;

    // Each step is what one writer does in one transaction; it is drawn up front so the run is the same every time.
    const steps: Array<() => Promise<void>> = [];
    for (let i = 0; i < LOANS; i++) {
      const caseId = `case-${i}`;
      opened.push(caseId);
      const row = {
        id: caseId, loan_id: `loan-${i}`, lender_id: 'lender-a', law_firm_id: firmOrNone(), workflow_id: `wf-${i}`, status: 'assembling_evidence' as const,
        reason: '逾期', response_days: 15, escalated_by: 'legal:test', created_at: `${addDays(today(), -Math.floor(random() * 200))}T${random() < 0.5 ? '01' : '23'}:30:00+08:00`,
      };
      steps.push(async () => void (await t.db.insertInto('cases').values(row).execute()));
    }
    for (let n = 0; n < 300; n++) {
      const caseId = pick(opened);
      const roll = random();
      const status = pick(CaseStatus.options);
      const firm = firmOrNone();
      const stale = random() < 0.3;
      const claim = random() < 0.2 ? null : 100_000 + Math.floor(random() * 5_000_000);
      const eventType = pick(['filed', 'judgment', 'recovered', 'payment_received', 'hearing_scheduled'] as const);
      const date = addDays(today(), -Math.floor(random() * 100));
      const amount = `${Math.floor(random() * 10_000)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
      const outcome = pick(['won', 'partially_won', 'lost']);
      const data =
        eventType === 'filed' ? { court: '朝阳法院', caseNumber: `X${n}`, date }
        : eventType === 'judgment' ? { date, outcome, awardedAmount: amount }
        : eventType === 'recovered' ? { date, amount }
        : eventType === 'payment_received' ? { amount, paidAt: date }
        : { date };
      const key = `${caseId}#${++eventSeq}`;
      if (roll < 0.5) {
        // A workflow sync: events and the row in one transaction.
        steps.push(() =>
          t.db.transaction().execute(async (tx) => {
            await tx.insertInto('case_events').values({ case_id: caseId, type: eventType, occurred_at: new Date(), actor: 'test', data: JSON.stringify(data), idempotency_key: key }).execute();
            await tx.updateTable('cases').set({ status, stale, law_firm_id: firm, updated_at: new Date() }).where('id', '=', caseId).execute();
          }),
        );
      } else if (roll < 0.7) {
        steps.push(async () => void (await t.db.updateTable('cases').set({ claim_total_fen: claim, updated_at: new Date() }).where('id', '=', caseId).execute()));
      } else if (roll < 0.8) {
        // Touches nothing counted.
        steps.push(async () => void (await t.db.updateTable('cases').set({ updated_at: new Date(), blockers: null }).where('id', '=', caseId).execute()));
      } else {
        // Several events of several cases in one statement.
        const other = pick(opened);
        steps.push(async () =>
          void (await t.db
            .insertInto('case_events')
            .values([
              { case_id: caseId, type: eventType, occurred_at: new Date(), actor: 'test', data: JSON.stringify(data), idempotency_key: key },
              { case_id: other, type: 'payment_received', occurred_at: new Date(), actor: 'test', data: JSON.stringify({ amount, paidAt: date }), idempotency_key: `${key}b` },
            ])
            .execute()),
        );
      }
    }

    // The inserts first (the rest need the rows), then everything else by four writers at once.
    for (const step of steps.slice(0, LOANS)) await step();
    const queue = steps.slice(LOANS);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let step = queue.shift(); step !== undefined; step = queue.shift()) {
          // Two writers taking the same counters in opposite orders: PostgreSQL stops one, which retries, as an activity does.
          for (;;) {
            try {
              await step();
              break;
            } catch (error) {
              if ((error as { code?: string }).code !== '40P01') throw error;
              deadlocks++;
            }
          }
        }
      }),
    );
    // Each case's outcome is its whole timeline's, though events of one case were added from several sessions at once.
    const outcomesOff = await sql<{ case_id: string }>`
      SELECT e.case_id FROM (
        SELECT case_id, min((data->>'date')::date) FILTER (WHERE type = 'filed') AS filed_on,
               sum(round((data->>'amount')::numeric * 100)) FILTER (WHERE type IN ('recovered', 'payment_received')) AS recovered_fen
          FROM case_events GROUP BY case_id) e
      LEFT JOIN case_outcomes o ON o.case_id = e.case_id
     WHERE o.filed_on IS DISTINCT FROM e.filed_on OR coalesce(o.recovered_fen, 0) <> coalesce(e.recovered_fen, 0)`.execute(t.db);
    expect(outcomesOff.rows).toEqual([]);
    let { counters, recount } = await countersAndRecount(t);
    expect(recount.length).toBeGreaterThan(5);
    expect(counters).toEqual(recount);
    expect(deadlocks).toBeLessThan(5);

    // Bulk statements over many cases.
    await sql`UPDATE cases SET stale = NOT stale, law_firm_id = CASE WHEN law_firm_id IS NULL THEN 'firm-x' ELSE law_firm_id END WHERE id LIKE 'case-1%'`.execute(t.db);
    await sql`UPDATE cases SET status = 'closed' WHERE id LIKE 'case-2%'`.execute(t.db);
    ({ counters, recount } = await countersAndRecount(t));
    expect(counters).toEqual(recount);

    // A truncate of the outcomes leaves the cases counted, with nothing achieved; rebuilding them brings the figures back.
    await sql`TRUNCATE case_outcomes`.execute(t.db);
    ({ counters, recount } = await countersAndRecount(t));
    expect(counters.every((c) => c.filed === '0' && c.recovered_fen === '0')).toBe(true);
    expect(counters).toEqual(recount);
    await sql`SELECT refresh_case_outcomes(ARRAY(SELECT id FROM cases))`.execute(t.db);
    ({ counters, recount } = await countersAndRecount(t));
    expect(counters.some((c) => c.recovered_fen !== '0')).toBe(true);
    expect(counters).toEqual(recount);
  });
});
