// Escalation benchmark: `npm run bench -- escalation`.
//
// Starts its own PostgreSQL and Temporal dev server (as the tests do), seeds 1,000 overdue loans
// (with contracts and contact records, through the intake functions), then in the same run, on the
// same worker and server:
//   1. baseline: 1,000 workflows, each running as many empty activities as a case runs until its
//      demand is issued (open, check evidence, record, calculate claim, demand letter, record);
//   2. escalation: the 1,000 loans escalated through the escalate command (row + workflow start),
//      timed until every case shows demand_issued in the read model (demand letter generated as
//      PDF and DOCX, stored, recorded);
//   3. the baseline again. The faster of the two baselines is the yardstick: on a shared machine
//      the load varies over minutes, and the faster one is the stricter comparison.
// Targets: escalation time ≤ 2× the baseline's, all 1,000 within 3 minutes (2-core machine).
// The last line printed is one JSON object with the figures.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { createActivities } from '../src/case/activities/index.ts';
import { escalate } from '../src/case/client.ts';
import { loadConfig } from '../src/config/config.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createDatabase } from '../src/db/pool.ts';
import { appendContactRecords } from '../src/intake/contact-records.ts';
import { upsertLoan } from '../src/intake/loans.ts';
import { demoData } from '../src/seed/demo-data.ts';
import { seedParties } from '../src/seed/seed.ts';
import { openContentStore } from '../src/storage/index.ts';
import { ensureTemporalCli } from '../src/temporal/cli-binary.ts';
import { dataConverter } from '../src/temporal/connection.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { bundleWorkflows } from '../src/temporal/worker.ts';
import type { baselineWorkflow } from '../workflows/bench/baseline.ts';
import { freePort } from '../test/support/free-port.ts';
import { chinaDate } from '../src/domain/calendar.ts';

const CASES = 1_000;
/** Activities a case runs until demand_issued: openCase, checkEvidence, syncCase, calculateCaseClaim, issueDemandLetter, syncCase. */
const ACTIVITIES_TO_DEMAND = 6;
const START_CONCURRENCY = 50;
const TARGET = { ratioMax: 2, secondsMax: 180 };

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function log(line: string): void {
  console.error(line);
}

const root = mkdtempSync(join(tmpdir(), 'bench-escalation-'));
chmodSync(root, 0o755); // the postgres user (when run as root) must reach its data folder
const pg = startEmbeddedPostgres({ dir: join(root, 'postgres'), port: await freePort(), password: 'bench-password-not-secret' });
const temporal = await startDevServer({ cli: ensureTemporalCli(process.env.TEMPORAL_CLI || undefined), port: await freePort(), namespace: 'default', logDir: root });
try {
  await ensureDatabase(pg.url('postgres'), 'bench');
  const config = loadConfig({
    DATABASE_URL: pg.url('bench'),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'bench-escalation',
    DOCUMENT_STORE_DIR: join(root, 'documents'),
    LOG_LEVEL: 'warn',
  });
  const db = createDatabase(config.database.url!, 20);
  await migrateToLatest(db);
  const store = await openContentStore(config.documents.store);

  // Seed: every loan overdue (the demo's up-to-date borrowers are left out), each with a signed contract.
  const seedStarted = performance.now();
  const today = chinaDate(Date.now());
  const data = demoData({ count: Math.ceil((CASES * 10) / 9) + 10, today });
  await seedParties(db, data);
  const loans = data.loans.filter((_, i) => i % 10 !== 9).slice(0, CASES);
  const contract = await store.put(Buffer.from('%PDF-1.4\n% bench contract stand-in\n'));
  await eachLimited(loans, 10, async (loan) => {
    await upsertLoan(db, loan.id, loan.snapshot);
    if (loan.contactRecords.length > 0) await appendContactRecords(db, loan.id, loan.contactRecords);
    await db
      .insertInto('contract_files')
      .values({ loan_id: loan.id, sha256: contract.sha256, size: contract.size, storage_key: contract.key, page_count: 1 })
      .execute();
  });
  log(`seeded ${loans.length} loans in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const converter = dataConverter(Buffer.alloc(32, 9));
  const workflowBundle = await bundleWorkflows(fileURLToPath(new URL('../workflows/bench/index.ts', import.meta.url)));
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: config.temporal.taskQueue,
    workflowBundle,
    activities: { ...createActivities({ config, db, store }), doNothing: async () => {} },
    dataConverter: converter,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, dataConverter: converter });

  /** Baseline workflows started like the escalations (50 starts in flight), then all running at once. */
  async function runBaseline(round: number): Promise<number> {
    const started = performance.now();
    const results: Array<Promise<void>> = [];
    await eachLimited(
      Array.from({ length: CASES }, (_, i) => i),
      START_CONCURRENCY,
      async (i) => {
        const handle = await client.workflow.start<typeof baselineWorkflow>('baselineWorkflow', {
          workflowId: `baseline-${round}-${i}`,
          taskQueue: config.temporal.taskQueue,
          args: [ACTIVITIES_TO_DEMAND],
        });
        results.push(handle.result());
      },
    );
    await Promise.all(results);
    const seconds = (performance.now() - started) / 1000;
    log(`baseline ${round}: ${CASES} workflows × ${ACTIVITIES_TO_DEMAND} empty activities in ${seconds.toFixed(1)} s`);
    return seconds;
  }

  const baselineBefore = await runBaseline(1);

  // 2. Escalations, until every case shows demand_issued.
  const deps = { config, db, temporal: client };
  const actor = { principalId: null, role: 'legal' as const, name: 'bench' };
  const escalationStarted = performance.now();
  const starting = eachLimited(loans, START_CONCURRENCY, (loan) => escalate(deps, { loanId: loan.id, reason: '逾期未还（基准测试）', responseDays: 30 }, actor));
  let issued = 0;
  for (;;) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE status = 'demand_issued'`.execute(db);
    issued = Number(rows[0]!.n);
    if (issued >= CASES || performance.now() - escalationStarted > 600_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await starting;
  const escalationSeconds = (performance.now() - escalationStarted) / 1000;
  const { rows: stuck } = await sql<{ status: string; n: string }>`SELECT status, count(*) AS n FROM cases WHERE status <> 'demand_issued' GROUP BY status`.execute(db);
  const { rows: docs } = await sql<{ n: string }>`SELECT count(*) AS n FROM documents WHERE type = 'demand_letter'`.execute(db);
  log(`escalation: ${issued}/${CASES} cases to demand_issued in ${escalationSeconds.toFixed(1)} s; not there: ${JSON.stringify(stuck)}`);
  const baselineAfter = await runBaseline(2);
  const baselineSeconds = Math.min(baselineBefore, baselineAfter);

  worker.shutdown();
  await running;
  await connection.close();
  await nativeConnection.close();
  await db.destroy();

  const ratio = escalationSeconds / baselineSeconds;
  const figures = {
    cases: CASES,
    demandIssued: issued,
    seconds: Number(escalationSeconds.toFixed(2)),
    casesPerSecond: Number((issued / escalationSeconds).toFixed(1)),
    demandLetterFiles: Number(docs[0]!.n),
    activitiesPerCase: ACTIVITIES_TO_DEMAND,
  };
  const baseline = {
    workflows: CASES,
    emptyActivitiesEach: ACTIVITIES_TO_DEMAND,
    seconds: Number(baselineSeconds.toFixed(2)),
    runs: [Number(baselineBefore.toFixed(2)), Number(baselineAfter.toFixed(2))],
    workflowsPerSecond: Number((CASES / baselineSeconds).toFixed(1)),
  };
  const met = issued === CASES && ratio <= TARGET.ratioMax && escalationSeconds <= TARGET.secondsMax;
  console.log(`escalation ${figures.casesPerSecond} cases/s, baseline ${baseline.workflowsPerSecond} workflows/s, ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET.ratioMax}×, ≤ ${TARGET.secondsMax} s): ${met ? 'met' : 'NOT met'}`);
  console.log(JSON.stringify({ bench: 'escalation', figures, baseline, target: { ...TARGET, ratio: Number(ratio.toFixed(2)), met } }));
  if (!met) process.exitCode = 1;
} finally {
  await temporal.stop();
  pg.stop();
  rmSync(root, { recursive: true, force: true });
}
