/**
 * The service under a busy collections system: a pool of 5 sessions, 50 concurrent signed
 * escalation webhooks and 50 concurrent escalations, every one answered within seconds (a request
 * never holds a session while waiting for another); a pool held to its last session answers 503
 * with Retry-After instead of hanging; every session carries its statement timeouts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../support/api-fixtures.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { overdueLoan, seedLender } from '../support/case-data.ts';
import { upsertLoan } from '../../src/intake/loans.ts';

const LOANS = 100;

describe('database pool under concurrent webhooks and escalations', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-p');
    for (let i = 1; i <= LOANS; i++) await upsertLoan(api.db, `loan-p${i}`, overdueLoan('lender-p', `HT-P${i}`));
  });
  afterAll(async () => api?.close());

  it('answers 50 signed webhooks and 50 escalations at once, on a pool of 5, within seconds', async () => {
    const started = Date.now();
    const webhook = (i: number) => {
      const body = JSON.stringify({ type: 'escalation.requested', timestamp: new Date().toISOString(), data: { loanId: `loan-p${i}`, reason: '逾期九期' } });
      return api.fetch('/v1/webhooks/collections', { method: 'POST', headers: signedHeaders(api.webhookSecret, body), body, signal: AbortSignal.timeout(30_000) });
    };
    const escalation = (i: number) =>
      api.fetch('/v1/escalations', {
        method: 'POST',
        token: api.tokens.legal,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ loanId: `loan-p${i}`, reason: '逾期九期' }),
        signal: AbortSignal.timeout(30_000),
      });
    const send = (i: number) => (i <= 50 ? webhook(i) : escalation(i));
    /** 'ok', or 'retry' (503 with Retry-After: no session was free in time), or what went wrong. */
    const outcome = (r: Response) => (r.status === 200 || r.status === 202 ? 'ok' : r.status === 503 && r.headers.get('Retry-After') !== null ? 'retry' : String(r.status));
    const all = Array.from({ length: LOANS }, (_, i) => i + 1);
    const answers = await Promise.all(all.map((i) => send(i).then(outcome, (e: Error) => e.name)));
    const elapsed = Date.now() - started;
    // Every request is answered, none hangs: accepted, or told to retry when the pool was busy for longer than the acquire timeout.
    expect(answers.filter((a) => a !== 'ok' && a !== 'retry')).toEqual([]);
    expect(elapsed).toBeLessThan(30_000);
    expect(answers.filter((a) => a === 'ok').length).toBeGreaterThan(0);
    // What was told to retry goes through on its retry.
    for (const i of all.filter((_, k) => answers[k] === 'retry')) expect(outcome(await send(i))).toBe('ok');
    const cases = await api.db.selectFrom('cases').select('id').where('lender_id', '=', 'lender-p').execute();
    expect(cases).toHaveLength(LOANS);
    // Nothing was left holding a session inside a transaction.
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`.execute(api.db);
    expect(Number(rows[0]?.n)).toBe(0);
  }, 60_000);

  it('answers 503 with Retry-After when no session is free in time, and serves again once one is', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: 5 }, () => api.db.connection().execute(async (conn) => {
      await sql`SELECT 1`.execute(conn);
      await held;
    }));
    try {
      // Every session is taken; the escalation (which must write) waits the acquire timeout, then is refused.
      const started = Date.now();
      const response = await api.fetch('/v1/escalations', {
        method: 'POST',
        token: api.tokens.legal,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ loanId: 'loan-p1', reason: '再次升级' }),
        signal: AbortSignal.timeout(20_000),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('Retry-After')).toBe('1');
      expect(await response.json()).toEqual({ error: { code: 'database_busy', message: expect.any(String) } });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      release();
      await Promise.all(holders);
    }
    const again = await api.fetch('/v1/escalations', {
      method: 'POST',
      token: api.tokens.legal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loanId: 'loan-p1', reason: '再次升级' }),
    });
    expect(again.status).toBe(202);
  });

  it('sets statement and idle-in-transaction timeouts on every pooled session', async () => {
    const { rows } = await sql<{ statement: string; idle: string }>`
      SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`.execute(api.db);
    expect(rows[0]).toEqual({ statement: '1min', idle: '1min' });
  });
});
