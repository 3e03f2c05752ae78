/**
 * The read path as the legal team and lawyers use it, over the real HTTP server and PostgreSQL.
 * Tokens and case reads are served from the API's memory; they must stay true to the database
 * whoever changes it (here the test writes straight to the database, as the worker, intake or the
 * CLI do), also across a lost notification connection. The audit rows of reads are written behind
 * the responses; when the database refuses them, reads stop with 503, and every read answered
 * before is recorded once the database takes rows again.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCaseRow } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, FIRM_B, startApiServer } from '../support/api-server.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';

const AUDIT_MAX_LAG_MS = 300;
/** Notifications arrive within milliseconds of a commit; a second is ample. */
const SOON = { timeout: 1_000, interval: 10 };

interface Detail {
  status: string;
  borrower: { name: string };
  timeline: Array<{ type: string }>;
}

describe('read path', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer({ env: { AUDIT_MAX_LAG_MS: String(AUDIT_MAX_LAG_MS) } });
    await seedLender(api.db, 'lender-a');
    for (const loanId of ['loan-1', 'loan-2', 'loan-3']) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });
    await insertCaseRow(api.db, { id: 'case-1', loanId: 'loan-1', lenderId: 'lender-a', lawFirmId: FIRM_A, status: 'handed_off' });
    await insertCaseRow(api.db, { id: 'case-2', loanId: 'loan-2', lenderId: 'lender-a', status: 'demand_issued' });
    await insertCaseRow(api.db, { id: 'case-3', loanId: 'loan-3', lenderId: 'lender-a', status: 'demand_issued' });
  });
  afterAll(async () => api?.close());

  const detail = async (token: string, caseId: string) => {
    const response = await api.fetch(`/v1/cases/${caseId}`, { token });
    return response.status === 200 ? ((await response.json()) as Detail) : response.status;
  };
  const statusOf = async (token: string, caseId: string) => {
    const read = await detail(token, caseId);
    return typeof read === 'number' ? read : read.status;
  };
  const listed = async (token: string) => {
    const body = (await (await api.fetch('/v1/cases', { token })).json()) as { cases: Array<{ id: string; status: string }> };
    return Object.fromEntries(body.cases.map((c) => [c.id, c.status]));
  };

  it('shows every change made elsewhere to a case, its timeline, its firm and its borrower, in the case and in the list', async () => {
    // Read once by each kind of reader, so each has the case in the API's memory.
    expect(await statusOf(api.tokens.legal, 'case-1')).toBe('handed_off');
    expect(await statusOf(api.tokens.lawyerA, 'case-1')).toBe('handed_off');
    expect(await statusOf(api.tokens.lawyerB, 'case-1')).toBe(404);
    expect((await listed(api.tokens.legal))['case-1']).toBe('handed_off');

    await api.db.updateTable('cases').set({ status: 'in_litigation' }).where('id', '=', 'case-1').execute();
    await expect.poll(() => statusOf(api.tokens.legal, 'case-1'), SOON).toBe('in_litigation');
    // One notification cleared the case for every kind of reader, and every list.
    expect(await statusOf(api.tokens.lawyerA, 'case-1')).toBe('in_litigation');
    expect((await listed(api.tokens.legal))['case-1']).toBe('in_litigation');

    await api.db
      .insertInto('case_events')
      .values({ case_id: 'case-1', type: 'filed', occurred_at: new Date(), actor: 'lawyer:test', data: JSON.stringify({}), idempotency_key: 'read-path-filed' })
      .execute();
    await expect.poll(async () => ((await detail(api.tokens.legal, 'case-1')) as Detail).timeline.map((e) => e.type), SOON).toContain('filed');

    // Moved to firm B: firm A's lawyer loses it (404), firm B's gains it.
    await api.db.updateTable('cases').set({ law_firm_id: FIRM_B }).where('id', '=', 'case-1').execute();
    await expect.poll(() => statusOf(api.tokens.lawyerA, 'case-1'), SOON).toBe(404);
    expect(await statusOf(api.tokens.lawyerB, 'case-1')).toBe('in_litigation');

    // Borrower data shows in many cases: a change to it empties everything.
    await sql`UPDATE borrowers SET name = '李四新' FROM loans WHERE loans.borrower_id = borrowers.id AND loans.id = 'loan-1'`.execute(api.db);
    await expect.poll(async () => ((await detail(api.tokens.legal, 'case-1')) as Detail).borrower.name, SOON).toBe('李四新');
  });

  it('reads from the database while the notification connection is lost, and keeps to changes again once it is back', async () => {
    expect(await statusOf(api.tokens.legal, 'case-2')).toBe('demand_issued');
    let resets = 0;
    api.changes.onReset(() => resets++);
    const killed = await sql<{ killed: boolean }>`
      SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
      WHERE datname = current_database() AND query ILIKE 'LISTEN%'`.execute(api.db);
    expect(killed.rows).toEqual([{ killed: true }]);
    await expect.poll(() => resets, SOON).toBeGreaterThan(0);

    // A change whose notification may have gone nowhere is still seen at once: nothing stale was kept.
    await api.db.updateTable('cases').set({ status: 'negotiating' }).where('id', '=', 'case-2').execute();
    expect(await statusOf(api.tokens.legal, 'case-2')).toBe('negotiating');

    await expect.poll(() => api.changes.live, { timeout: 5_000, interval: 20 }).toBe(true);
    expect(await statusOf(api.tokens.legal, 'case-2')).toBe('negotiating');
    await api.db.updateTable('cases').set({ status: 'on_hold' }).where('id', '=', 'case-2').execute();
    await expect.poll(() => statusOf(api.tokens.legal, 'case-2'), SOON).toBe('on_hold');
  });

  it('refuses reads with 503 while audit rows cannot be written, and records every read it answered once they can', async () => {
    await sql`ALTER TABLE audit_log ADD CONSTRAINT audit_refused CHECK (false) NOT VALID`.execute(api.db);
    const answered: string[] = [];
    let refused: Response | undefined;
    const deadline = Date.now() + 5_000;
    while (refused === undefined && Date.now() < deadline) {
      const response = await api.fetch('/v1/cases/case-3', { token: api.tokens.legal });
      if (response.status === 200) answered.push(response.headers.get('X-Request-Id') ?? '');
      else refused = response;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(answered.length).toBeGreaterThan(0);
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe('audit_unavailable');
    const ready = await api.fetch('/readyz');
    expect([ready.status, ((await ready.json()) as { checks: { audit: string } }).checks.audit]).toEqual([503, 'behind']);

    const writableAgain = new Date();
    await sql`ALTER TABLE audit_log DROP CONSTRAINT audit_refused`.execute(api.db);
    await expect.poll(() => statusOf(api.tokens.legal, 'case-3'), { timeout: 10_000, interval: 100 }).toBe('demand_issued');
    await api.readAudit.written();
    const rows = await api.db.selectFrom('audit_log').select(['request_id', 'action', 'at']).where('request_id', 'in', answered).execute();
    expect(rows.map((r) => r.request_id).sort()).toEqual([...answered].sort());
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['case.read']));
    // Each row keeps the time of its read, not of its late write.
    for (const row of rows) expect(row.at.getTime()).toBeLessThan(writableAgain.getTime());
  });
});
