// Batch benchmark: `npm run bench -- batch`.
//
// Starts its own PostgreSQL and Temporal dev server, seeds BATCH_BENCH_LOANS overdue loans (default
// 1,000; the full size is 10,000) through the intake functions, then in the same run, on
// the same worker and server:
//   1. baseline: as many bare workflows, each with as many empty activities as one loan costs
//      until its demand is issued (the batch's escalate activity + the case's six);
//   2. one escalation batch of every loan (the batch client, as POST /v1/escalation-batches does,
//      BATCH_CONCURRENCY escalations in flight: the service's default unless set),
//      timed until every case shows demand_issued, sampling the worker's RSS (this process runs
//      the worker) as the batch passes 250, 500, 1,000, 2,500, 5,000, 7,500 and 10,000 loans; meanwhile the
//      API (`cli api`, a process of its own, run with the V8 flag and malloc settings README
//      advises for production) is read at 1 connection,
//      BATCH_BENCH_READ_RATE requests a second (default 20; 0 = a closed loop), by a load
//      generator in a third process, in rounds alternating with a trivial route (a fourth
//      process): the p99 of the case list and of a case's detail against the trivial route's;
//   3. with BATCH_BENCH_FILING=N (default 0 = skipped): N further loans escalated with a 0-day
//      response window, timed to handed_off (full packets), then one filing batch of them made and
//      downloaded as the legal team does, over HTTP from the API process (POST /v1/filing-batches,
//      then every court's archive, twice, by a client in a process of its own): each pass's
//      throughput and the growth of the API process's RSS (sampled every 20 ms) over it.
// The last line printed is one JSON object with the figures, the baseline and the targets.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { createToken } from '../src/auth/tokens.ts';
import { createBatchActivities } from '../src/batch/activities.ts';
import { escalationBatchProgress, startEscalationBatch } from '../src/batch/client.ts';
import { createActivities } from '../src/case/activities/index.ts';
import { loadConfig } from '../src/config/config.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createDatabase } from '../src/db/pool.ts';
import { chinaDate } from '../src/domain/calendar.ts';
import { appendContactRecords } from '../src/intake/contact-records.ts';
import { upsertLoan } from '../src/intake/loans.ts';
import { demoData } from '../src/seed/demo-data.ts';
import { demoBusinessLicenceModel } from '../src/seed/demo-contract.ts';
import { seedParties } from '../src/seed/seed.ts';
import { renderPdf } from '../src/documents/pdf.ts';
import { storeBusinessLicence } from '../src/intake/business-licence.ts';
import { openContentStore } from '../src/storage/index.ts';
import { ensureTemporalCli } from '../src/temporal/cli-binary.ts';
import { dataConverter } from '../src/temporal/connection.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { bundleWorkflows } from '../src/temporal/worker.ts';
import type { baselineWorkflow } from '../workflows/bench/baseline.ts';
import { freePort } from '../test/support/free-port.ts';
import { childFigures } from './child-figures.ts';
import type { DownloadPass } from './download-process.ts';
import { load, type LoadResult } from './load.ts';

const LOANS = Number(process.env.BATCH_BENCH_LOANS ?? '1000');
const FILING = Number(process.env.BATCH_BENCH_FILING ?? '0');
/** The batch's escalate activity, then the case's openCase, checkEvidence, syncCase, calculateCaseClaim, issueDemandLetter, syncCase. */
const ACTIVITIES_PER_LOAN = 7;
const START_CONCURRENCY = 50;
/** API read probe: rounds of this many seconds, one connection, alternating routes. */
const PROBE_SECONDS = 3;
/**
 * The probe's requests a second on each route: people reading while a batch runs (a page open on
 * a batch polls every 2 s; 20 a second is forty of them). 0 reads in a closed loop, as fast as
 * answered: a load of its own of about one core, which the batch it measures then lacks.
 */
const READ_RATE = Number(process.env.BATCH_BENCH_READ_RATE ?? '20');
const READ_LOAD = READ_RATE > 0 ? `${READ_RATE} requests/s` : 'closed loop';
const PAYLOAD_KEY = Buffer.alloc(32, 9);
/** The API process runs as README's "Production" advises for API machines (`NODE_OPTIONS`, glibc's malloc settings). */
const API_NODE_FLAGS = ['--max-semi-space-size=8'];
const API_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' };
/** The targets, scaled to the run's size where they are per batch. */
const TARGET = {
  demandIssuedSecondsFor10k: 1200,
  demandIssuedSecondsScaled: (1200 * LOANS) / 10_000,
  apiReadP99Ratio: 3,
  handedOffSecondsFor1k: 360,
  filingMBps: 50,
  filingRssGrowthMB: 64,
};

function log(line: string): void {
  console.error(line);
}
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Starts a child process and resolves with it once `ready` matches a line of its stdout. */
async function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = out.split('\n').find((l) => ready.test(l));
      if (found !== undefined) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${String(code)} before it was ready`)));
  });
  child.stdout!.resume();
  return { child, line };
}

/** One round of reads at 1 connection by the load generator, READ_RATE requests a second (0: as fast as answered). */
function readRound(url: string, paths: string[], headers: Record<string, string> = {}): Promise<LoadResult> {
  return load({ url, connections: 1, duration: PROBE_SECONDS, headers, ...(READ_RATE > 0 ? { overallRate: READ_RATE } : {}), requests: paths.map((path) => ({ method: 'GET', path })) });
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const root = mkdtempSync(join(tmpdir(), 'bench-batch-'));
chmodSync(root, 0o755);
const pg = startEmbeddedPostgres({ dir: join(root, 'postgres'), port: await freePort(), password: 'bench-password-not-secret' });
const temporal = await startDevServer({ cli: ensureTemporalCli(process.env.TEMPORAL_CLI || undefined), port: await freePort(), namespace: 'default', logDir: root });
try {
  await ensureDatabase(pg.url('postgres'), 'bench');
  const config = loadConfig({
    DATABASE_URL: pg.url('bench'),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'bench-batch',
    DOCUMENT_STORE_DIR: join(root, 'documents'),
    LOG_LEVEL: 'warn',
    ...(process.env.BATCH_CONCURRENCY ? { BATCH_CONCURRENCY: process.env.BATCH_CONCURRENCY } : {}),
  });
  const db = createDatabase(config.database.url!, 20);
  await migrateToLatest(db);
  const store = await openContentStore(config.documents.store);

  const seedStarted = performance.now();
  const data = demoData({ count: Math.ceil(((LOANS + FILING) * 10) / 9) + 10, today: chinaDate(Date.now()) });
  await seedParties(db, data);
  // Each lender's business licence, as the demo seed uploads it: the lawsuit packet encloses it.
  for (const lender of data.lenders) {
    const licence = await renderPdf(demoBusinessLicenceModel(lender), { fontPath: config.documents.fontPath });
    await storeBusinessLicence(db, store, lender.id, 'application/pdf', licence.bytes);
  }
  const overdue = data.loans.filter((_, i) => i % 10 !== 9);
  const contract = await store.put(Buffer.from('%PDF-1.4\n% bench contract stand-in\n'));
  await eachLimited(overdue.slice(0, LOANS + FILING), 10, async (loan) => {
    await upsertLoan(db, loan.id, loan.snapshot);
    if (loan.contactRecords.length > 0) await appendContactRecords(db, loan.id, loan.contactRecords);
    await db.insertInto('contract_files').values({ loan_id: loan.id, sha256: contract.sha256, size: contract.size, storage_key: contract.key, page_count: 1 }).execute();
  });
  const batchLoans = overdue.slice(0, LOANS).map((l) => l.id);
  const { token } = await createToken(db, { role: 'legal', name: 'bench' });
  const filingLoans = overdue.slice(LOANS, LOANS + FILING).map((l) => l.id);
  log(`seeded ${LOANS + FILING} loans in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const converter = dataConverter(PAYLOAD_KEY);
  const workflowBundle = await bundleWorkflows(fileURLToPath(new URL('../workflows/bench/index.ts', import.meta.url)));
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, dataConverter: converter });
  const deps = { config, db, temporal: client };
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: config.temporal.taskQueue,
    workflowBundle,
    activities: { ...createActivities({ config, db, store }), ...createBatchActivities(deps), doNothing: async () => {} },
    dataConverter: converter,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
  });
  const running = worker.run();

  const apiPort = await freePort();
  const api = await startChild(
    [...API_NODE_FLAGS, fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)), 'api'],
    {
      DATABASE_URL: pg.url('bench'),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      PORT: String(apiPort),
      DATA_DIR: root,
      DOCUMENT_STORE_DIR: join(root, 'documents'),
      LOG_LEVEL: 'warn',
      PAYLOAD_ENCRYPTION_KEY: PAYLOAD_KEY.toString('base64'),
      WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      API_RATE_LIMIT_PER_SECOND: '100000',
      API_RATE_LIMIT_BURST: '100000',
      ...API_MALLOC_ENV,
    },
    /^API:/,
  );
  const trivial = await startChild([fileURLToPath(new URL('./trivial-server.ts', import.meta.url))], {}, /"port"/);
  // Never left behind, however this process ends.
  process.once('exit', () => {
    api.child.kill('SIGKILL');
    trivial.child.kill('SIGKILL');
  });
  const trivialUrl = `http://127.0.0.1:${(JSON.parse(trivial.line) as { port: number }).port}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  // 1. Baseline.
  const baselineStarted = performance.now();
  const handles: Array<{ result(): Promise<unknown> }> = [];
  await eachLimited(Array.from({ length: LOANS }, (_, i) => i), START_CONCURRENCY, async (i) => {
    handles.push(await client.workflow.start<typeof baselineWorkflow>('baselineWorkflow', {
      workflowId: `baseline-${i}`,
      taskQueue: config.temporal.taskQueue,
      args: [ACTIVITIES_PER_LOAN],
    }));
  });
  // Each result is a long poll: a bounded number at once (the server limits pollers per namespace).
  await eachLimited(handles, START_CONCURRENCY, (handle) => handle.result());
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;
  log(`baseline: ${LOANS} workflows × ${ACTIVITIES_PER_LOAN} empty activities in ${baselineSeconds.toFixed(1)} s`);

  // 2. One batch of every loan, to demand_issued.
  const actor = { principalId: null, role: 'legal' as const, name: 'bench' };
  const rssAtStart = process.memoryUsage().rss;
  const batchStarted = performance.now();
  const accepted = await startEscalationBatch(deps, { loanIds: batchLoans, reason: '逾期未还（基准测试）', responseDays: 30 }, { requestedBy: 'bench', idempotencyKey: 'bench-1', actor });
  const acceptSeconds = (performance.now() - batchStarted) / 1000;
  log(`batch accepted in ${acceptSeconds.toFixed(2)} s: ${accepted.accepted} loans, ${accepted.refused.length} refused`);
  const rssCurve: Array<{ loans: number; rssMB: number }> = [];
  // Loans the demo data has paid up are refused (not_overdue): the batch is done when every accepted one is.
  const marks = [...new Set([250, 500, 1000, 2500, 5000, 7500, 10_000].filter((n) => n < accepted.accepted).concat(accepted.accepted))];
  let issued = 0;
  let batchDone = false;
  // Reads while the batch runs: trivial route, case list, a case's detail, in turn, until the batch is done.
  const headers = { authorization: `Bearer ${token}` };
  const probe = (async () => {
    const rounds = { trivial: [] as number[], list: [] as number[], detail: [] as number[], non2xx: 0 };
    let caseIds: string[] = [];
    while (!batchDone) {
      if (caseIds.length < Math.min(100, accepted.accepted)) {
        caseIds = (await db.selectFrom('cases').select('id').orderBy('id').limit(100).execute()).map((r) => r.id);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const t = await readRound(trivialUrl, ['/trivial']);
      const l = await readRound(apiUrl, ['/v1/cases?limit=50'], headers);
      const d = await readRound(apiUrl, caseIds.map((id) => `/v1/cases/${id}`), headers);
      if (batchDone && rounds.trivial.length > 0) break; // a round that ran past the batch's end is not "during" it
      rounds.trivial.push(t.p99);
      rounds.list.push(l.p99);
      rounds.detail.push(d.p99);
      rounds.non2xx += l.non2xx + d.non2xx + l.errors + d.errors;
    }
    return rounds;
  })();
  for (;;) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE status = 'demand_issued'`.execute(db);
    issued = Number(rows[0]!.n);
    while (marks.length > 0 && issued >= marks[0]!) rssCurve.push({ loans: marks.shift()!, rssMB: mb(process.memoryUsage().rss) });
    if (issued >= accepted.accepted || performance.now() - batchStarted > 7_200_000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const batchSeconds = (performance.now() - batchStarted) / 1000;
  batchDone = true;
  const reads = await probe;
  const trivialP99 = median(reads.trivial);
  const apiReadP99 = {
    rounds: reads.trivial.length,
    load: READ_LOAD,
    trivialMs: trivialP99,
    listMs: median(reads.list),
    detailMs: median(reads.detail),
    listRatio: trivialP99 && median(reads.list) !== null ? Number((median(reads.list)! / trivialP99).toFixed(2)) : null,
    detailRatio: trivialP99 && median(reads.detail) !== null ? Number((median(reads.detail)! / trivialP99).toFixed(2)) : null,
    non2xx: reads.non2xx,
  };
  log(`API reads during the batch (p99, median of ${apiReadP99.rounds} rounds of ${PROBE_SECONDS} s at 1 connection, ${READ_LOAD}): ${JSON.stringify(apiReadP99)}`);
  const progress = (await escalationBatchProgress(db, accepted.batchId))!;
  const { rows: letters } = await sql<{ n: string }>`SELECT count(DISTINCT case_id) AS n FROM documents WHERE type = 'demand_letter'`.execute(db);
  log(`batch: ${issued}/${accepted.accepted} at demand_issued in ${batchSeconds.toFixed(1)} s; progress ${JSON.stringify(progress.progress)}`);

  // 3. Optional: escalation to handed_off and a filing batch streamed.
  let filing: Record<string, number | null> = { cases: 0, handedOffSeconds: null, archiveMB: null, MBps: null, rssGrowthMB: null };
  if (FILING > 0) {
    const started = performance.now();
    const filingBatch = await startEscalationBatch(deps, { loanIds: filingLoans, reason: '逾期未还（基准测试）', responseDays: 0 }, { requestedBy: 'bench', idempotencyKey: 'bench-2', actor });
    let handed = 0;
    for (;;) {
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE status = 'handed_off'`.execute(db);
      handed = Number(rows[0]!.n);
      // Loans the demo data has paid up are refused: done when every accepted one is handed off.
      if (handed >= filingBatch.accepted || performance.now() - started > 7_200_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const handedOffSeconds = (performance.now() - started) / 1000;
    // The filing batch as the legal team makes and downloads it: through the API process.
    const created = await fetch(`${apiUrl}/v1/filing-batches`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    if (created.status !== 201) throw new Error(`POST /v1/filing-batches: ${created.status} ${await created.text()}`);
    const { batchId } = (await created.json()) as { batchId: string };
    const shown = (await (await fetch(`${apiUrl}/v1/filing-batches/${batchId}`, { headers })).json()) as { courts: Array<{ cases: number; url: string }> };
    // Every archive is downloaded twice, by a client in a process of its own (./download-process.ts).
    // The first pass is the API process's first archive ever (loading exceljs, compiling the ZIP
    // path, V8 and the allocator sizing themselves for it); the second streams the same 700 MB
    // again, and shows whether memory grows with what is streamed.
    const passes = await childFigures<DownloadPass[]>(new URL('./download-process.ts', import.meta.url), { apiUrl, token, urls: shown.courts.map((c) => c.url), passes: 2, apiPid: api.child.pid });
    const [first, second] = passes.map((p) => ({ MBps: Number((p.bytes / 1024 / 1024 / p.seconds).toFixed(1)), rssMB: mb(p.apiRssBefore), rssGrowthMB: mb(p.apiRssPeak - p.apiRssBefore), bytes: p.bytes }));
    if (first === undefined || second === undefined) throw new Error(`downloader gave ${passes.length} passes, not 2`);
    filing = {
      cases: handed,
      handedOffSeconds: Number(handedOffSeconds.toFixed(1)),
      handedOffSecondsTargetScaled: (TARGET.handedOffSecondsFor1k * handed) / 1000,
      courts: shown.courts.length,
      archiveMB: mb(first.bytes),
      MBps: first.MBps,
      apiRssMB: first.rssMB,
      rssGrowthMB: first.rssGrowthMB,
      secondPassMBps: second.MBps,
      secondPassRssGrowthMB: second.rssGrowthMB,
    };
    log(`filing: ${JSON.stringify(filing)}`);
  }

  api.child.kill('SIGTERM');
  trivial.child.kill('SIGTERM');
  worker.shutdown();
  await running;
  await connection.close();
  await nativeConnection.close();
  await db.destroy();

  const ratio = batchSeconds / baselineSeconds;
  const figures = {
    loans: LOANS,
    accepted: accepted.accepted,
    acceptSeconds: Number(acceptSeconds.toFixed(2)),
    demandIssued: issued,
    casesWithDemandLetter: Number(letters[0]!.n),
    seconds: Number(batchSeconds.toFixed(1)),
    loansPerSecond: Number((issued / batchSeconds).toFixed(1)),
    ratioToBaseline: Number(ratio.toFixed(2)),
    workerRssMB: { atStart: mb(rssAtStart), curve: rssCurve },
    apiReadP99,
    filing,
  };
  const baseline = { workflows: LOANS, emptyActivitiesEach: ACTIVITIES_PER_LOAN, seconds: Number(baselineSeconds.toFixed(1)), workflowsPerSecond: Number((LOANS / baselineSeconds).toFixed(1)) };
  const readsMet = apiReadP99.listRatio !== null && apiReadP99.detailRatio !== null && Math.max(apiReadP99.listRatio, apiReadP99.detailRatio) <= TARGET.apiReadP99Ratio;
  const met = issued === accepted.accepted && batchSeconds <= TARGET.demandIssuedSecondsScaled && readsMet;
  console.log(`batch of ${LOANS}: ${figures.loansPerSecond} loans/s to demand_issued, ${ratio.toFixed(2)}× the baseline; ${met ? 'met' : 'NOT met'} (≤ ${TARGET.demandIssuedSecondsScaled} s at this size)`);
  console.log(JSON.stringify({ bench: 'batch', figures, baseline, target: { ...TARGET, met } }));
  if (!met) process.exitCode = 1;
} finally {
  await temporal.stop();
  pg.stop();
  rmSync(root, { recursive: true, force: true });
}
