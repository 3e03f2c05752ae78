// API read benchmark: `node bench/api.bench.ts` (or `npm run bench -- api`).
//
// Starts its own PostgreSQL (the embedded server, in a temporary folder), seeds lenders, loans and
// cases through the intake functions and the read model (the case rows, timelines and documents
// the workflow would have written), then drives with autocannon on loopback (in a process of its
// own), each route at the same concurrency, in one run:
//   - a trivial Hono route (one JSON object, no middleware): the baseline;
//   - GET /healthz through the service's whole middleware stack, for what the stack alone costs;
//   - GET /v1/cases (50 per page) and GET /v1/cases/{id} (rotating over 100 cases), through the
//     whole stack: request id, secure headers, token check, role table, rate limit, validation,
//     the case read model (PostgreSQL behind an in-memory cache kept true by notifications), and
//     the audit row of each case read.
// Temporal is not needed for reads: the client is a lazy connection that is never used.
//
// At two concurrencies, five interleaved rounds each, median of each figure (one noisy moment of
// a shared machine does not decide); latencies are each response's own time, to the microsecond:
//   - 1 connection: latency as a user sees it. Target: p99 of each API route under 3× the
//     trivial route's.
//   - 10 connections, reported beside it: the load generator keeps the server saturated on the
//     same two cores, so latency there is connections ÷ throughput, i.e. CPU time per request,
//     and the ratio measures what every authenticated route costs (token, headers, a 25 KB page
//     against 11 bytes) more than the read path: the stack's own ratio is printed to show it.
// The last line is one JSON object.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from './load.ts';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { createApp } from '../src/api/app.ts';
import { ReadAuditTrail } from '../src/api/audit.ts';
import { createToken } from '../src/auth/tokens.ts';
import { loadConfig } from '../src/config/config.ts';
import { ChangeFeed } from '../src/db/change-feed.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createDatabase } from '../src/db/pool.ts';
import { addDays, addMonths } from '../src/domain/calendar.ts';
import type { LoanSnapshot } from '../src/domain/loan-snapshot.ts';
import { formatYuan, parseYuan } from '../src/domain/money.ts';
import { residentIdCheckCharacter } from '../src/domain/resident-id.ts';
import { buildSchedule } from '../src/domain/schedule.ts';
import { upsertLawFirm } from '../src/intake/law-firms.ts';
import { upsertLender } from '../src/intake/lenders.ts';
import { upsertLoan } from '../src/intake/loans.ts';
import { createLogger } from '../src/logging/logger.ts';
import { FsContentStore } from '../src/storage/index.ts';
import { freePort } from '../test/support/free-port.ts';

const CASES = 500;
const SECONDS = 4;
const WARMUP_SECONDS = 2;
const TARGET_P99_RATIO = 3;
const TARGET_CONNECTIONS = 1;
const CONCURRENCIES = [TARGET_CONNECTIONS, 10] as const;
const ROUNDS = 5;

function loan(n: number, start: string): LoanSnapshot {
  const first17 = `110105198${n % 10}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`.slice(0, 17);
  const schedule = buildSchedule('equal_installment', 1_200_000, '0.12', 12, start);
  return {
    lenderId: 'lender-a',
    borrower: {
      name: `借款人${n}`,
      gender: Number(first17[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`,
      idType: 'resident_id',
      idNumber: `${first17}${residentIdCheckCharacter(first17)}`,
      phone: `138${String(n).padStart(8, '0')}`,
      address: `北京市朝阳区建国路${n}号`,
    },
    contract: {
      number: `HT-${n}`,
      signedAt: start,
      principal: '12000.00',
      annualRate: '0.12',
      penaltyRateMarkup: '0.5',
      compoundInterest: false,
      termMonths: 12,
      startDate: start,
      maturityDate: addMonths(start, 12),
      repaymentMethod: 'equal_installment',
      onlineSigned: true,
    },
    disbursement: { date: start, amount: '12000.00' },
    schedule,
    payments: schedule.slice(0, 3).map((s) => ({ paidAt: s.dueDate, amount: formatYuan(parseYuan(s.principal) + parseYuan(s.interest)) })),
  };
}

/** A claim as the workflow stores it: one line per period and component, totals, cap. */
function claim(asOf: string): unknown {
  const lines = Array.from({ length: 27 }, (_, i) => ({
    period: (i % 9) + 4, component: ['principal', 'interest', 'penalty'][i % 3], basisFen: 100_000, rate: '0.18',
    from: asOf, to: asOf, days: 30, amountFen: 1_500, rule: '逾期本金×罚息利率×天数/360',
  }));
  return {
    contractNumber: 'HT', asOf, overdueSince: asOf, accelerated: false, lines,
    totals: { principalFen: 913_295, interestFen: 46_271, penaltyFen: 82_750, compoundFen: 0, feesFen: 0, totalFen: 1_042_316 },
    cap: { rule: { rule: 'annual_rate', rate: '0.24' }, capRate: '0.24', chargesBeforeCapFen: 129_021, chargesAfterCapFen: 129_021, reductionFen: 0, binding: false },
    repaid: { principalFen: 286_705, interestFen: 24_000, penaltyFen: 0, totalFen: 310_705 },
    dailyPenaltyFen: 456, penaltyRate: '0.18', totalInWords: '人民币壹万零肆佰贰拾叁元壹角陆分',
  };
}

async function seed(db: ReturnType<typeof createDatabase>): Promise<string[]> {
  await upsertLawFirm(db, 'firm-a', { name: '示范律师事务所', licenseNumber: 'L-1', address: '北京市东城区', leadLawyer: '赵子墨' });
  await upsertLender(db, 'lender-a', { name: '星河示范消费金融有限公司', unifiedSocialCreditCode: '91110105MA01DEM01M', domicile: '北京市朝阳区', legalRepresentative: '周明远' });
  const today = new Date().toISOString().slice(0, 10);
  const start = addMonths(today, -14);
  const caseIds: string[] = [];
  for (let n = 1; n <= CASES; n++) {
    const loanId = `loan-${n}`;
    await upsertLoan(db, loanId, loan(n, start));
    const caseId = `${loanId}-1`;
    caseIds.push(caseId);
    await db
      .insertInto('cases')
      .values({
        id: caseId, loan_id: loanId, lender_id: 'lender-a', law_firm_id: n % 2 === 0 ? 'firm-a' : null, workflow_id: `case-${caseId}`,
        status: n % 2 === 0 ? 'handed_off' : 'demand_issued', reason: '逾期九期，催收无果', response_days: 15,
        claim_total_fen: 1_042_316, claim_as_of: today, claim: JSON.stringify(claim(today)), limitation_deadline: addDays(today, 1000),
        limitation_status: 'ok', next_deadline: addDays(today, 15), next_deadline_kind: 'response_window', escalated_by: 'legal:bench',
      })
      .execute();
    await db
      .insertInto('case_events')
      .values(['escalated', 'evidence_complete', 'demand_issued', 'demand_delivered', 'packet_generated', 'handed_off', 'law_firm_chosen', 'filed'].map((type, i) => ({
        case_id: caseId, type, occurred_at: new Date(), actor: 'system:workflow', data: JSON.stringify({ note: `${type} ${i}` }), idempotency_key: `${caseId}-${type}`,
      })))
      .execute();
    await db
      .insertInto('documents')
      .values(['complaint', 'evidence_list', 'claim_calculation', 'power_of_attorney', 'legal_rep_certificate', 'service_address_confirmation', 'demand_letter', 'lawyer_letter'].flatMap((type) =>
        (['pdf', 'docx'] as const).map((format) => ({
          id: `doc-${caseId}-${type}-${format}`, case_id: caseId, type: type as 'complaint', format, name: type, version: 1,
          sha256: randomBytes(32).toString('hex'), size: 40_000, storage_key: 'sha256/00/00/none',
        })),
      ))
      .execute();
  }
  return caseIds;
}

interface Figures {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
}

async function drive(connections: number, url: string, paths: string[], headers: Record<string, string> = {}): Promise<Figures> {
  const options = { url, connections, headers, requests: paths.map((path) => ({ method: 'GET', path })) };
  await load({ ...options, duration: WARMUP_SECONDS });
  const result = await load({ ...options, duration: SECONDS });
  return {
    p50Ms: result.p50,
    p99Ms: result.p99,
    requestsPerSecond: Math.round(result.requests),
    bytesPerSecond: Math.round(result.throughput),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const root = mkdtempSync(join(tmpdir(), 'api-bench-'));
chmodSync(root, 0o755); // the postgres user (when run as root) must reach its data folder
const pg = startEmbeddedPostgres({ dir: join(root, 'postgres'), port: await freePort(), password: 'bench-password-not-secret' });
try {
  await ensureDatabase(pg.url('postgres'), 'bench');
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: root, API_RATE_LIMIT_PER_SECOND: '100000', API_RATE_LIMIT_BURST: '100000' });
  const db = createDatabase(pg.url('bench'), config.database.poolSize);
  await migrateToLatest(db);
  const seedStarted = performance.now();
  const caseIds = await seed(db);
  await sql`ANALYZE`.execute(db); // planner statistics, as a database in service has them
  console.log(`seeded ${CASES} loans and cases in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const { token } = await createToken(db, { role: 'legal', name: 'bench' });

  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const logger = createLogger('warn');
  const changes = new ChangeFeed(pg.url('bench'), logger);
  await changes.start();
  const readAudit = new ReadAuditTrail(db, logger, config.audit);
  const app = createApp({
    config, db, temporal, logger, webhookSecret: `whsec_${randomBytes(32).toString('base64')}`, store: new FsContentStore(join(root, 'documents')), changes, readAudit,
  });
  const trivial = new Hono().get('/trivial', (c) => c.json({ ok: true }));
  const apiServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  const trivialServer = serve({ fetch: trivial.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => setTimeout(r, 100));
  const apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
  const trivialUrl = `http://127.0.0.1:${(trivialServer.address() as AddressInfo).port}`;
  const auth = { authorization: `Bearer ${token}` };

  const routes = {
    trivial: (n: number) => drive(n, trivialUrl, ['/trivial']),
    stack: (n: number) => drive(n, apiUrl, ['/healthz']),
    list: (n: number) => drive(n, apiUrl, ['/v1/cases?limit=50'], auth),
    detail: (n: number) => drive(n, apiUrl, caseIds.slice(0, 100).map((id) => `/v1/cases/${id}`), auth),
  };
  type Route = keyof typeof routes;
  /** Every route once per round, rounds interleaved; each figure is the median over the rounds. */
  async function measure(connections: number, rounds: number): Promise<Record<Route, Figures>> {
    const runs: Record<Route, Figures[]> = { trivial: [], stack: [], list: [], detail: [] };
    for (let round = 0; round < rounds; round++) {
      for (const route of Object.keys(routes) as Route[]) runs[route].push(await routes[route](connections));
    }
    const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const summary = (figures: Figures[]): Figures => ({
      p50Ms: median(figures.map((f) => f.p50Ms)),
      p99Ms: median(figures.map((f) => f.p99Ms)),
      requestsPerSecond: median(figures.map((f) => f.requestsPerSecond)),
      bytesPerSecond: median(figures.map((f) => f.bytesPerSecond)),
      non2xx: figures.reduce((sum, f) => sum + f.non2xx, 0),
      errors: figures.reduce((sum, f) => sum + f.errors, 0),
    });
    return { trivial: summary(runs.trivial), stack: summary(runs.stack), list: summary(runs.list), detail: summary(runs.detail) };
  }

  const measured: Array<{ connections: number; figures: Record<Route, Figures> }> = [];
  for (const connections of CONCURRENCIES) measured.push({ connections, figures: await measure(connections, ROUNDS) });
  await readAudit.drain(10_000);
  const audited = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

  const ratio = (f: Figures, baseline: Figures) => Number((f.p99Ms / baseline.p99Ms).toFixed(2));
  const reports = measured.map(({ connections, figures: m }) => {
    console.log(`autocannon, ${connections} connection(s), median of ${ROUNDS} rounds of ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, loopback`);
    const row = (name: string, f: Figures) =>
      console.log(`  ${name.padEnd(22)} p50 ${f.p50Ms.toFixed(2).padStart(6)} ms  p99 ${f.p99Ms.toFixed(2).padStart(6)} ms  ${String(f.requestsPerSecond).padStart(6)} req/s  ${(f.bytesPerSecond / 1e6).toFixed(1).padStart(6)} MB/s  non-2xx ${f.non2xx}  p99 ratio ${ratio(f, m.trivial)}`);
    row('trivial Hono route', m.trivial);
    row('GET /healthz (stack)', m.stack);
    row('GET /v1/cases', m.list);
    row('GET /v1/cases/{id}', m.detail);
    return { connections, ...m, listP99Ratio: ratio(m.list, m.trivial), detailP99Ratio: ratio(m.detail, m.trivial), stackP99Ratio: ratio(m.stack, m.trivial) };
  });
  console.log(`case reads audited: ${audited.n}`);

  const atTarget = reports.find((r) => r.connections === TARGET_CONNECTIONS);
  const met =
    atTarget !== undefined &&
    atTarget.listP99Ratio < TARGET_P99_RATIO &&
    atTarget.detailP99Ratio < TARGET_P99_RATIO &&
    reports.every((r) => r.list.non2xx + r.detail.non2xx + r.list.errors + r.detail.errors === 0);
  console.log(
    JSON.stringify({
      bench: 'api',
      figures: { cases: CASES, byConnections: reports },
      baseline: { name: 'trivial Hono route, same process, same concurrency, load from a separate process', byConnections: reports.map((r) => ({ connections: r.connections, ...r.trivial })) },
      target: { p99RatioBelow: TARGET_P99_RATIO, connections: TARGET_CONNECTIONS, met },
    }),
  );
  if (!met) process.exitCode = 1;
  await new Promise((resolve) => apiServer.close(resolve));
  await new Promise((resolve) => trivialServer.close(resolve));
  await changes.stop();
  await db.destroy();
} finally {
  pg.stop();
  rmSync(root, { recursive: true, force: true });
}
