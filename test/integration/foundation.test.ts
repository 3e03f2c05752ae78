import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { migrateDownToNothing, migrateToLatest } from '../../src/db/migrate.ts';
import { dataConverter } from '../../src/temporal/connection.ts';
import { createTestDatabase } from '../support/database.ts';

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
      'audit_log', 'borrowers', 'case_events', 'cases', 'contact_records', 'contract_files', 'documents', 'evidence_bundles',
      'law_firms', 'lenders', 'loans', 'payments', 'principals', 'processed_webhooks', 'schedule_entries',
    ];
    expect(await tableNames(db)).toEqual(domainTables);
    await migrateDownToNothing(db);
    expect(await tableNames(db)).toEqual([]);
    await migrateToLatest(db);
    expect(await tableNames(db)).toEqual(domainTables);
  });

  it('runs a workflow whose activity reads the database, with payloads encrypted in the history', async () => {
    const { db } = await createTestDatabase();
    cleanups.push(() => db.destroy());
    await db.insertInto('lenders').values({
      id: 'lender-1', name: '示例消费金融有限公司', unified_social_credit_code: '91110000MA00000000', domicile: '北京市',
      legal_representative: '张三', interest_cap: JSON.stringify({ rule: 'annual_rate', rate: '0.24' }),
    }).execute();
    // A case row needs a loan; the status is what the activity reads back.
    await sql`INSERT INTO borrowers (id, name, gender, birth_date, id_type, id_number, phone, address)
      VALUES ('00000000-0000-0000-0000-000000000001', '李四', 'male', '1990-01-01', 'resident_id', '110101199001011234', '13800000000', '北京市')`.execute(db);
    await sql`INSERT INTO loans (id, lender_id, borrower_id, contract_number, signed_at, principal_fen, annual_rate, penalty_rate_markup,
      compound_interest, term_months, start_date, maturity_date, repayment_method, online_signed, disbursement_date, disbursement_fen,
      snapshot, snapshot_sha256) VALUES ('loan-1', 'lender-1', '00000000-0000-0000-0000-000000000001', 'HT-1', '2024-01-01', 100000,
      '0.18', '0.5', false, 12, '2024-01-01', '2025-01-01', 'bullet', true, '2024-01-01', 100000, '{}', ${'0'.repeat(64)})`.execute(db);
    await db.insertInto('cases').values({
      id: 'case-1', loan_id: 'loan-1', lender_id: 'lender-1', workflow_id: 'case-1', status: 'demand_issued', reason: 'test',
      response_days: 15, escalated_by: 'test',
    }).execute();

    const address = inject('temporalAddress');
    const converter = dataConverter(Buffer.alloc(32, 7));
    const taskQueue = `foundation-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../support/workflows/probe.ts', import.meta.url)),
      activities: createActivities({ config: loadConfig({}), db }),
      dataConverter: converter,
    });
    const connection = await Connection.connect({ address });
    const client = new Client({ connection, dataConverter: converter });
    const workflowId = `probe-${randomUUID()}`;
    const result = await worker.runUntil(client.workflow.execute('probeCaseStatus', { taskQueue, workflowId, args: ['case-1'] }));
    expect(result).toBe('demand_issued');

    // Without the key, the history holds only ciphertext.
    const plainClient = new Client({ connection });
    const history = await plainClient.workflow.getHandle(workflowId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(started?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    expect(Buffer.from(started?.data ?? []).toString()).not.toContain('case-1');
    await connection.close();
    await nativeConnection.close();
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
    for (let attempt = 0; attempt < 100 && ready?.status !== 200; attempt++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (ready?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready?.status).toBe(200);
    expect(await ready?.json()).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });
    // The worker polls its task queue: Temporal reports it as a poller.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    let pollers = 0;
    for (let attempt = 0; attempt < 50 && pollers === 0; attempt++) {
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
  });
});
