/**
 * Outbound calls to law firms are safe: a firm's webhook URL that points to cloud metadata,
 * link-local, loopback or private addresses is refused at intake (private ones allowed by
 * FIRM_WEBHOOK_ALLOW_PRIVATE) and again at every send; the request goes to the address that was
 * judged; nothing is sent once the case is closed or handed to another firm; and a firm that never
 * answers is given up on after the bound, recorded on the case, without keeping the case open.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lawFirmActivities } from '../../src/case/activities/law-firm.ts';
import { escalate, handOff, recordCaseEvent } from '../../src/case/client.ts';
import { addressProblem, postTo } from '../../src/net/destination.ts';
import { caseWorkflowId } from '../../src/case/contract.ts';
import { insertCaseRow } from '../support/api-fixtures.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { eventTypes, legal, waitForCase, waitForEvent } from '../support/cases.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';
import { freePort } from '../support/free-port.ts';
import { startTestWorker, type TestWorker } from '../support/temporal.ts';

type ErrorBody = { error: { code: string; details?: Array<{ path: string; message: string }> } };

describe('firm webhook destinations', () => {
  let api: ApiServer;
  let firm: FirmWebhook;

  beforeAll(async () => {
    api = await startApiServer({ env: { FIRM_WEBHOOK_ALLOW_PRIVATE: 'false' } });
    firm = await startFirmWebhook();
  });
  afterAll(async () => {
    await api?.close();
    await firm?.close();
  });

  const putFirm = (webhookUrl: string) =>
    api.fetch('/v1/law-firms/firm-u', {
      method: 'PUT',
      token: api.tokens.legal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '示范律师事务所', licenseNumber: '31110000E00000001K', address: '北京市东城区示范胡同6号', leadLawyer: '赵子墨', webhookUrl }),
    });

  it('refuses at intake URLs to metadata, link-local, loopback and private addresses (422 naming webhookUrl)', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://100.100.100.200/',
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://10.1.2.3/hook',
      'http://0.0.0.0/hook',
    ]) {
      const response = await putFirm(url);
      const body = (await response.json()) as ErrorBody;
      expect([url, response.status, body.error.details?.[0]?.path]).toEqual([url, 422, 'webhookUrl']);
    }
    expect(await api.db.selectFrom('law_firms').select('id').where('id', '=', 'firm-u').execute()).toEqual([]);
    // A public address is accepted (judged, not contacted).
    expect((await putFirm('https://93.184.216.34/hook')).status).toBe(201);
  });

  it('judges addresses by the policy: private ranges only when allowed, metadata never', () => {
    const open = { allowPrivate: true };
    const closed = { allowPrivate: false };
    expect(addressProblem('127.0.0.1', open)).toBeUndefined();
    expect(addressProblem('192.168.1.10', open)).toBeUndefined();
    expect(addressProblem('192.168.1.10', closed)).toBeDefined();
    for (const never of ['169.254.169.254', '::ffff:a9fe:a9fe', 'fe80::1', '100.100.100.200', 'fd00:ec2::254', '224.0.0.1']) {
      expect(addressProblem(never, open), never).toBeDefined();
    }
    expect(addressProblem('93.184.216.34', closed)).toBeUndefined();
    expect(addressProblem('2606:2800:220:1:248:1893:25c8:1946', closed)).toBeUndefined();
  });

  it('connects to the address it judged, whatever the name says (no second resolution to rebind)', async () => {
    const hosts: string[] = [];
    const server = createServer((req, res) => {
      hosts.push(req.headers.host ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const status = await postTo(
        { url: new URL(`http://firm.invalid:${port}/hook`), address: '127.0.0.1', family: 4 },
        { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000 },
      );
      expect([status, hosts]).toEqual([200, [`firm.invalid:${port}`]]);
    } finally {
      server.close();
    }
  });

  it('re-checks the URL at send time and sends nothing to a refused one, nor for a closed case or another firm', async () => {
    const { db } = api;
    await seedLender(db, 'lender-d');
    await seedLoan(db, api.store, { loanId: 'loan-d', lenderId: 'lender-d', contract: false });
    // Stored before the rule (or by a path that skipped it): the send refuses it all the same.
    firm.secret = (await seedLawFirm(db, 'firm-local', firm.url)).secret;
    await insertCaseRow(db, { id: 'case-d', loanId: 'loan-d', lenderId: 'lender-d', lawFirmId: 'firm-local' });
    const closed = lawFirmActivities(db, { allowPrivate: false });
    const notice = { caseId: 'case-d', lawFirmId: 'firm-local', webhookId: 'n-1', type: 'case.handed_off' as const };
    expect(await closed.notifyLawFirm(notice)).toEqual({ delivered: false, reason: 'destination_refused', detail: expect.stringContaining('127.0.0.1') });

    const open = lawFirmActivities(db, { allowPrivate: true });
    expect(await open.notifyLawFirm(notice)).toEqual({ delivered: true, status: 204 });
    await db.updateTable('cases').set({ law_firm_id: 'firm-b' }).where('id', '=', 'case-d').execute();
    expect(await open.notifyLawFirm({ ...notice, webhookId: 'n-2' })).toEqual({ delivered: false, reason: 'firm_changed' });
    await db.updateTable('cases').set({ status: 'closed_withdrawn', law_firm_id: 'firm-local' }).where('id', '=', 'case-d').execute();
    expect(await open.notifyLawFirm({ ...notice, webhookId: 'n-3' })).toEqual({ delivered: false, reason: 'case_closed' });
    expect(firm.deliveries.map((d) => d.webhookId)).toEqual(['n-1']);
  });
});

describe('a firm that never answers', () => {
  let database: TestDatabase;
  let worker: TestWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, env: { FIRM_SILENCE_DAYS: '365', FIRM_NOTIFICATION_RETRY_SECONDS: '8' } });
    await seedLender(database.db, 'lender-n');
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.db.destroy();
  });

  it('gives up after the bound, records the notice undelivered on the case, and a withdrawal still closes it', async () => {
    const { db } = database;
    // Nothing listens there: every attempt is refused by the operating system.
    await seedLawFirm(db, 'firm-gone', `http://127.0.0.1:${await freePort()}/hook`);
    const loanId = await seedLoan(db, worker.store, { loanId: 'loan-n', lenderId: 'lender-n' });
    const { caseId } = await escalate(worker.deps, { loanId, reason: '逾期', responseDays: 0, lawFirmId: 'firm-gone' }, legal);
    await waitForCase(db, caseId, 'handed_off', 60_000);
    await waitForEvent(db, caseId, 'firm_notification_failed', 1, 30_000);
    const failed = await db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'firm_notification_failed').executeTakeFirstOrThrow();
    expect(failed.data).toMatchObject({ lawFirmId: 'firm-gone', type: 'case.handed_off' });

    const started = Date.now();
    await recordCaseEvent(worker.deps, caseId, { type: 'withdrawn', reason: '撤回' }, legal);
    // The closing notice is bounded too: the workflow completes instead of retrying forever.
    await worker.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await eventTypes(db, caseId)).filter((t) => t.startsWith('firm_'))).toEqual(['firm_notification_failed', 'firm_notification_failed']);
    await expect(handOff(worker.deps, caseId, { lawFirmId: 'firm-gone' }, legal)).rejects.toThrow();
  }, 120_000);
});
