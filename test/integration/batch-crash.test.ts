/**
 * An escalation batch of 200 loans (plus one unknown id) runs on a worker in its own process; the
 * worker is SIGKILLed mid-batch and a new one takes over. Every accepted loan ends with exactly one
 * case and one demand letter, the batch completes with done = total, and the refusal is listed.
 * The batch continues as new every 150 loans (set low to exercise it): its first run reads two
 * pages (100 loans a page) and continues as new, the second escalates the last 50. That first run,
 * worker killed and all, is the batch workflow's recorded history for the replay test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { createDatabase } from '../../src/db/pool.ts';
import type { Database } from '../../src/db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationBatchProgress, startEscalationBatch } from '../../src/batch/client.ts';
import { CaseConflict } from '../../src/case/errors.ts';
import { Unprocessable } from '../../src/intake/errors.ts';
import { openContentStore } from '../../src/storage/index.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';
import { legal, recordHistory } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { connectTestClient, startTestWorker, testConfig, timerScaleFor, type TestWorker } from '../support/temporal.ts';

const crashWorker = fileURLToPath(new URL('../support/crash-worker.ts', import.meta.url));
const LOANS = 200;

describe('an escalation batch whose worker is killed mid-batch', () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  let successor: TestWorker | undefined;
  let successorDb: Kysely<Database> | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await successor?.stop();
    await successorDb?.destroy();
    await database?.db.destroy();
  });

  it('ends with exactly one case and one demand letter per accepted loan', { timeout: 2_400_000 }, async () => {
    const { db, url } = database;
    // A day lasts a minute: cases wait at demand_issued for the whole test.
    const config = testConfig({ TIMER_SCALE: timerScaleFor(60_000) });
    const store = await openContentStore(config.documents.store);
    await seedLender(db, 'lender-b');
    const loanIds = Array.from({ length: LOANS }, (_, i) => `loan-b${String(i).padStart(3, '0')}`);
    for (let i = 0; i < LOANS; i += 4) {
      await Promise.all(loanIds.slice(i, i + 4).map((loanId) => seedLoan(db, store, { loanId, lenderId: 'lender-b' })));
    }
    console.error(`seeded ${LOANS} loans`);

    const client = await connectTestClient();
    const deps = { config, db, temporal: client };
    // Nothing is written for a request refused whole: duplicates are listed.
    await expect(
      startEscalationBatch(deps, { loanIds: ['loan-b000', 'loan-b001', 'loan-b000'], reason: '逾期' }, { requestedBy: 'p', idempotencyKey: 'dup', actor: legal }),
    ).rejects.toThrow(Unprocessable);
    await expect(
      startEscalationBatch(deps, { loanIds: ['loan-b000', 'loan-b001', 'loan-b000'], reason: '逾期' }, { requestedBy: 'p', idempotencyKey: 'dup', actor: legal }),
    ).rejects.toThrow('duplicate loan ids: loan-b000');
    expect((await db.selectFrom('escalation_batches').select('id').execute()).length).toBe(0);

    child = spawn(process.execPath, [crashWorker], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        TEMPORAL_ADDRESS: config.temporal.address,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
        ...(config.documents.store.kind === 'fs' ? { DOCUMENT_STORE_DIR: config.documents.store.dir } : {}),
        TIMER_SCALE: String(config.rules.timerScale),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`crash worker exited early (${code})`)));
    });

    const request = { loanIds: [...loanIds, 'loan-unknown'], reason: '逾期未还，批量起诉', responseDays: 30 };
    const requester = { requestedBy: 'principal-1', idempotencyKey: 'batch-1', actor: legal };
    // Continuing as new every 150 loans (500 by default) exercises it, after two pages.
    const accepted = await startEscalationBatch(deps, request, requester, { loansPerRun: 150 });
    expect(accepted.accepted).toBe(LOANS);
    expect(accepted.refused).toEqual([{ loanId: 'loan-unknown', reason: 'unknown_loan', message: 'no such loan' }]);

    // A repeat is the same batch; the same key with another request is a conflict.
    const repeat = await startEscalationBatch(deps, request, requester);
    expect(repeat.batchId).toBe(accepted.batchId);
    expect(repeat.created).toBe(false);
    await expect(startEscalationBatch(deps, { ...request, reason: '另一个理由' }, requester)).rejects.toThrow(CaseConflict);

    // Kill the worker once part of the batch is escalated, the rest still to come.
    const done = async () => (await escalationBatchProgress(db, accepted.batchId))!.progress.done;
    const started = Date.now();
    while ((await done()) < 30) {
      if (Date.now() - started > 300_000) throw new Error('the batch did not get going within 300 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = await done();
    console.error(`killed the worker with ${atKill} loans escalated`);
    expect(atKill).toBeLessThan(LOANS);

    // The successor gets a pool of its own: the case activities and the batch's escalations share it.
    successorDb = createDatabase(url, 20);
    successor = await startTestWorker({ db: successorDb, config });
    const deadline = Date.now() + 1_500_000;
    for (;;) {
      const progress = (await escalationBatchProgress(db, accepted.batchId))!;
      if (progress.status === 'completed' && progress.counts.demand_issued === LOANS) break;
      if (Date.now() > deadline) throw new Error(`batch not finished: ${JSON.stringify({ ...progress, refused: progress.refused.length })}`);
      if (Date.now() % 10_000 < 500) console.error(`batch: ${progress.status} ${JSON.stringify(progress.progress)} ${JSON.stringify(progress.counts)}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const progress = (await escalationBatchProgress(db, accepted.batchId))!;
    expect(progress.progress).toEqual({ done: LOANS, total: LOANS });
    expect(progress.counts).toEqual({ demand_issued: LOANS });
    expect(progress.refused.map((r) => r.loanId)).toEqual(['loan-unknown']);

    const cases = await db
      .selectFrom('cases')
      .select(['loan_id', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('loan_id')
      .execute();
    expect(cases).toHaveLength(LOANS);
    expect(cases.every((c) => Number(c.n) === 1)).toBe(true);
    const letters = await db
      .selectFrom('documents')
      .innerJoin('cases', 'cases.id', 'documents.case_id')
      .select(['cases.loan_id', sql<string>`count(*)`.as('n')])
      .where('documents.type', '=', 'demand_letter')
      .where('documents.format', '=', 'pdf')
      .groupBy('cases.loan_id')
      .execute();
    expect(letters).toHaveLength(LOANS);
    expect(letters.every((l) => Number(l.n) === 1)).toBe(true);
    const events = await db
      .selectFrom('case_events')
      .select(['case_id', sql<string>`count(*)`.as('n')])
      .where('type', '=', 'demand_issued')
      .groupBy('case_id')
      .execute();
    expect(events.every((e) => Number(e.n) === 1)).toBe(true);
    // The batch's own workflow history stayed short: it continued as new (200 loans, 150 per run).
    // The batch row says completed from the workflow's last activity, just before the workflow
    // itself completes, and the server's list (its visibility store) follows a moment later.
    const workflowId = `escalation-batch-${accepted.batchId}`;
    await client.workflow.getHandle(workflowId).result();
    const listRuns = async (): Promise<string[]> => {
      const statuses: string[] = [];
      for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) statuses.push(run.status.name);
      return statuses;
    };
    let runs = await listRuns();
    for (const listed = Date.now(); !runs.includes('COMPLETED') && Date.now() - listed < 30_000; ) {
      await new Promise((r) => setTimeout(r, 200));
      runs = await listRuns();
    }
    expect(runs.filter((s) => s === 'CONTINUED_AS_NEW')).toHaveLength(1);
    expect(runs.filter((s) => s === 'COMPLETED')).toHaveLength(1);
    const firstRun = (await client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
    expect(firstRun).toBeTruthy();
    await recordHistory(client, workflowId, 'batch-worker-killed', firstRun);
    await client.connection.close();
  });
});
