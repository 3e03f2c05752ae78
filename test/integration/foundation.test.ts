import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { escalate } from '../../src/case/client.ts';
import { migrateDownToNothing, migrateToLatest } from '../../src/db/migrate.ts';
import { caseWorkflowId } from '../../src/case/contract.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';
import { legal, waitForCase } from '../support/cases.ts';
import { createTestDatabase } from '../support/database.ts';
import { startTestWorker } from '../support/temporal.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

async function tableNames(db: Awaited<ReturnType<typeof createTestDatabase>>['db']): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY tablename`.execute(db);
  return rows.map((r) => r.tablename);
}

describe('foundation', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('migrates the whole domain up, down and up again on a real PostgreSQL', async () => {
    const { db } = await createTestDatabase({ migrate: false });
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    const domainTables = [
      'audit_log', 'borrowers', 'case_events', 'case_outcomes', 'case_summary', 'cases', 'contact_records', 'contract_files', 'documents',
      'escalation_batch_items', 'escalation_batches', 'evidence_bundles', 'filing_batch_items', 'filing_batches', 'law_firms',
      'lenders', 'loan_standings', 'loans', 'payments', 'principals', 'processed_webhooks', 'rate_limit_buckets', 'schedule_entries',
    ];
    expect(await tableNames(db)).toEqual(domainTables);
    await migrateDownToNothing(db);
    expect(await tableNames(db)).toEqual([]);
    await migrateToLatest(db);
    expect(await tableNames(db)).toEqual(domainTables);
  });

  it('runs the case workflow in a worker of this process; its activities read and write the database, its history holds only ciphertext', async () => {
    const { db } = await createTestDatabase();
    const worker = await startTestWorker({ db });
    cleanups.push(async () => {
      await worker.stop();
      await db.destroy();
    });
    await seedLender(db, 'lender-f');
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-f', lenderId: 'lender-f' });
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期' }, legal);
    // The first activities read the loan and write the read model: the case leaves its first status.
    await waitForCase(db, caseId, (row) => row.status !== 'assembling_evidence');

    const borrower = await db.selectFrom('borrowers').innerJoin('loans', 'loans.borrower_id', 'borrowers.id')
      .select(['borrowers.id_number', 'borrowers.name', 'borrowers.phone']).where('loans.id', '=', loanId).executeTakeFirstOrThrow();
    // Read without the key, as anyone with access to Temporal would: every payload is ciphertext.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    cleanups.push(() => connection.close());
    const history = await new Client({ connection }).workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const payloads: Array<{ metadata: Record<string, Uint8Array>; data: Uint8Array }> = [];
    const collect = (node: unknown): void => {
      if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
      if ('metadata' in node && 'data' in node && (node as { data: unknown }).data instanceof Uint8Array) {
        payloads.push(node as (typeof payloads)[number]);
        return;
      }
      // Search attributes are plain by design (the server indexes them); they hold no personal data.
      // So are patch markers (`patch-data`: the patch's name), which the SDK's core writes itself.
      for (const [key, child] of Object.entries(node)) if (key !== 'searchAttributes' && key !== 'patch-data') collect(child);
    };
    // A local activity's marker: its result is ours (encrypted); its `data` is the core's own bookkeeping
    // (sequence, attempt, activity type, times), plain JSON with no input or result in it.
    const bookkeeping: Array<Record<string, unknown>> = [];
    for (const event of history.events ?? []) {
      const marker = event.markerRecordedEventAttributes;
      if (marker?.markerName !== 'core_local_activity' || !marker.details) {
        collect(event);
        continue;
      }
      const { data, ...rest } = marker.details;
      for (const p of data?.payloads ?? []) {
        expect(Buffer.from(p.metadata?.encoding ?? []).toString()).toBe('json/plain');
        bookkeeping.push(JSON.parse(Buffer.from(p.data ?? []).toString()) as Record<string, unknown>);
      }
      collect(rest);
    }
    expect(bookkeeping.map((b) => b.activity_type)).toContain('openCase');
    for (const b of bookkeeping) {
      expect(Object.keys(b).every((k) => ['seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff', 'original_schedule_time'].includes(k))).toBe(true);
    }
    expect(payloads.length).toBeGreaterThan(3);
    expect(new Set(payloads.map((p) => Buffer.from(p.metadata.encoding ?? []).toString()))).toEqual(new Set(['binary/encrypted']));
    const everything = Buffer.concat(payloads.map((p) => Buffer.from(p.data))).toString('latin1');
    for (const secret of [borrower.id_number, borrower.phone, loanId]) expect(everything).not.toContain(secret);
  });

  it('stops with one clear line naming the variable when a setting is wrong', () => {
    const run = spawnSync(process.execPath, [cli, 'migrate'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^configuration error: .*PORT="eighty"/);
  });

  it('runs the API and the worker as two separate processes against one PostgreSQL and one Temporal', async () => {
    const { db, url } = await createTestDatabase();
    await db.destroy();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = { ...process.env, DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), PORT: String(port),
      PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 2).toString('base64')}`,
      TEMPORAL_TASK_QUEUE: `separate-${randomUUID()}`, LOG_LEVEL: 'warn' };
    const api = spawn(process.execPath, [cli, 'api'], { env, stdio: 'pipe' });
    const worker = spawn(process.execPath, [cli, 'worker'], { env, stdio: 'pipe' });
    const exited = (child: typeof api) => new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      const done = Promise.all([exited(api), exited(worker)]);
      api.kill('SIGTERM');
      worker.kill('SIGTERM');
      await done;
    });
    let ready: Response | undefined;
    // Generous: on a loaded machine the API starts while the worker bundles its workflows.
    for (const deadline = Date.now() + 90_000; Date.now() < deadline && ready?.status !== 200; ) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (ready?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready?.status).toBe(200);
    expect(await ready?.json()).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok', store: 'ok', audit: 'ok', changeNotifications: 'listening' } });
    // The worker polls its task queue: Temporal reports it as a poller.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    let pollers = 0;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && pollers === 0; ) {
      const described = await connection.workflowService.describeTaskQueue({
        namespace: 'default', taskQueue: { name: env.TEMPORAL_TASK_QUEUE }, taskQueueType: 2,
      });
      pollers = described.pollers?.length ?? 0;
      if (pollers === 0) await new Promise((r) => setTimeout(r, 200));
    }
    await connection.close();
    expect(pollers).toBeGreaterThan(0);
    // Graceful stop: both exit cleanly on SIGTERM.
    const codes = Promise.all([exited(api), exited(worker)]);
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await codes).toEqual([0, 0]);
    cleanups.pop();
  }, 180_000);
});
