/**
 * A worker dies (SIGKILL) in the middle of generating a lawsuit packet; another worker finishes the
 * case. The packet activity heartbeats, so Temporal notices within the heartbeat timeout and runs
 * it again on the new worker, which finds the documents already written and makes only the rest:
 * one set of documents, one handoff notification.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalate } from '../../src/case/client.ts';
import { caseWorkflowId } from '../../src/case/contract.ts';
import { openContentStore } from '../../src/storage/index.ts';
import { seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { eventTypes, legal, recordHistory, waitForCase, waitForEvent } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';
import { connectTestClient, startTestWorker, testConfig, type TestWorker } from '../support/temporal.ts';

const crashWorker = fileURLToPath(new URL('../support/crash-worker.ts', import.meta.url));

describe('a worker killed mid-packet', () => {
  let database: TestDatabase;
  let firm: FirmWebhook;
  let child: ChildProcess | undefined;
  let successor: TestWorker | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    firm = await startFirmWebhook();
    firm.secret = (await seedLawFirm(database.db, 'firm-k', firm.url)).secret;
    await seedLender(database.db, 'lender-k', { defaultLawFirmId: 'firm-k' });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await successor?.stop();
    await firm?.close();
    await database?.db.destroy();
  });

  it('leaves exactly one set of documents and one handoff notification when a new worker finishes the case', { timeout: 120_000 }, async () => {
    const { db, url } = database;
    const documentDir = mkdtempSync(join(tmpdir(), 'documents-'));
    const config = testConfig({ FIRM_SILENCE_DAYS: '365', DOCUMENT_STORE_DIR: documentDir });
    const client = await connectTestClient();
    child = spawn(process.execPath, [crashWorker], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        TEMPORAL_ADDRESS: config.temporal.address,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
        DOCUMENT_STORE_DIR: documentDir,
        TIMER_SCALE: String(config.rules.timerScale),
        STORE_DELAY_MS: '400',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`crash worker exited early (${code})`)));
    });

    const loanId = await seedLoan(db, await openContentStore(config.documents.store), { loanId: 'loan-crash', lenderId: 'lender-k' });
    const { caseId } = await escalate({ config, db, temporal: client }, { loanId, reason: '逾期', responseDays: 0 }, legal);

    // Kill the worker once part of the lawsuit documents is written, the rest still to come.
    const lawsuitDocuments = () =>
      db.selectFrom('documents').select('type').where('case_id', '=', caseId).where('type', '!=', 'demand_letter').execute();
    for (let attempt = 0; ; attempt++) {
      const written = (await lawsuitDocuments()).length;
      if (written >= 2) {
        expect(written).toBeLessThan(12);
        break;
      }
      if (attempt > 1200) throw new Error('the packet did not start within 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = (await lawsuitDocuments()).length;
    const described = await client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    expect(described.raw.pendingActivities?.map((a) => a.activityType?.name)).toEqual(['generateLawsuitPacket']);

    successor = await startTestWorker({ db, config });
    const handedOff = await waitForCase(db, caseId, 'handed_off', 60_000);
    expect(handedOff.law_firm_id).toBe('firm-k');
    await waitForEvent(db, caseId, 'firm_notified');

    const documents = await db.selectFrom('documents').select(['id', 'type', 'format']).where('case_id', '=', caseId).execute();
    expect(documents).toHaveLength(14);
    expect(new Set(documents.map((d) => `${d.type}.${d.format}`)).size).toBe(14);
    expect(before).toBeLessThan(12);
    const types = await eventTypes(db, caseId);
    expect(types.filter((t) => t === 'packet_generated')).toHaveLength(1);
    expect(types.filter((t) => t === 'handed_off')).toHaveLength(1);
    const notices = firm.deliveries.filter((d) => d.type === 'case.handed_off');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.verified).toBe(true);
    await recordHistory(client, caseWorkflowId(caseId), 'worker-killed-mid-packet');
    await client.connection.close();
  });
});
