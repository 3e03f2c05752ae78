/**
 * Several machines, in one: two API processes and two worker processes (the CLI's `api` and
 * `worker`, as production runs them) against one PostgreSQL database, one Temporal server and one
 * S3 store. An escalation batch runs its cases to the law firm while one worker and one API are
 * SIGKILLed midway. Every case is handed off (seen through the surviving API), no document is
 * made twice (in the documents table; in the bucket no PDF, see below for DOCX), a change made through one API is shown
 * by the other within a second, the rate limit is one across both APIs, and the audit log has the
 * reads and writes of both. The surviving worker serves its metrics (ours on WORKER_METRICS_PORT,
 * the Temporal SDK's on TEMPORAL_METRICS_ADDRESS). An API process never loads the Temporal worker.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.ts';
import { today } from '../../src/case/contract.ts';
import { LAWSUIT_DOCUMENT_TYPES } from '../../src/documents/registry.ts';
import { type ContentStore, openContentStore } from '../../src/storage/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { newWebhookSecret } from '../support/api-server.ts';
import { seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';
import { freePort } from '../support/free-port.ts';
import { s3StoreEnv } from '../support/s3.ts';
import { cli } from '../support/start-process.ts';
import { TEST_PAYLOAD_KEY, timerScaleFor } from '../support/temporal.ts';

const LOANS = 20;
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';
/** A day of a case lasts a second: the response window (3 days) leaves cases on their way when the kill comes. */
const DAY_MS = 1_000;
const RESPONSE_DAYS = 3;
/** The shared limit: a burst of 60, then 5 requests a second (per principal, across both APIs). */
const RATE = { perSecond: 5, burst: 60 };

interface Running {
  name: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<NodeJS.Signals | number | null>;
}

function run(name: string, command: 'api' | 'worker', env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [cli, command], { env, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { name, child, output: () => output, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, processes: Running[] = []): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    for (const p of processes) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`${p.name} exited while waiting for ${what}:\n${p.output().slice(-3000)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${processes.map((p) => `--- ${p.name}\n${p.output().slice(-2000)}`).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('two APIs and two workers on one PostgreSQL, one Temporal and one S3 store', () => {
  let database: TestDatabase;
  let firm: FirmWebhook;
  let store: ContentStore;
  let s3: S3Client;
  const processes: Running[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    firm = await startFirmWebhook();
  });
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    s3?.destroy();
    await store?.close?.();
    await firm?.close();
    await database?.db.destroy();
  });

  it('hands off every case once, with the caches, the rate limit and the audit shared, while a worker and an API are killed', { timeout: 600_000 }, async () => {
    const { db, url } = database;
    const s3Env = await s3StoreEnv();
    const [bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(s3Env.DOCUMENT_STORE_URL!)!.slice(1) as [string, string];
    // What every machine is given: the same database, Temporal, store and secrets.
    const shared = {
      ...process.env,
      ...s3Env,
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `scale-out-${randomUUID()}`,
      PAYLOAD_ENCRYPTION_KEY: TEST_PAYLOAD_KEY.toString('base64'),
      WEBHOOK_SECRET: newWebhookSecret(),
      METRICS_TOKEN,
      TIMER_SCALE: timerScaleFor(DAY_MS),
      FIRM_SILENCE_DAYS: '365',
      FIRM_WEBHOOK_ALLOW_PRIVATE: 'true', // the test firm listens on loopback
      API_RATE_LIMIT_PER_SECOND: String(RATE.perSecond),
      API_RATE_LIMIT_BURST: String(RATE.burst),
      LOG_LEVEL: 'warn',
    };
    store = await openContentStore(loadConfig(shared).documents.store);
    s3 = new S3Client({
      endpoint: s3Env.S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3Env.S3_ACCESS_KEY_ID!, secretAccessKey: s3Env.S3_SECRET_ACCESS_KEY! },
    });
    const bucketKeys = async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!.slice(prefix.length)));
        token = page.NextContinuationToken;
      } while (token !== undefined);
      return keys.filter((k) => !k.startsWith('tmp/'));
    };

    firm.secret = (await seedLawFirm(db, 'firm-s', firm.url)).secret;
    await seedLender(db, 'lender-s', { defaultLawFirmId: 'firm-s' });
    const loanIds = Array.from({ length: LOANS }, (_, i) => `loan-s${String(i).padStart(2, '0')}`);
    for (const loanId of loanIds) await seedLoan(db, store, { loanId, lenderId: 'lender-s' });
    const tokens = {
      legal: (await createToken(db, { role: 'legal', name: 'legal team' })).token,
      system: (await createToken(db, { role: 'system', name: 'collections system' })).token,
      watcher: (await createToken(db, { role: 'legal', name: 'a dashboard' })).token,
      crowd: (await createToken(db, { role: 'legal', name: 'a busy script' })).token,
    };

    const apiPorts = [await freePort(), await freePort()];
    const workerPorts = [await freePort(), await freePort()];
    const sdkPorts = [await freePort(), await freePort()];
    const apis = apiPorts.map((port, i) => run(`api ${i + 1}`, 'api', { ...shared, PORT: String(port) }));
    const workers = workerPorts.map((port, i) =>
      run(`worker ${i + 1}`, 'worker', { ...shared, WORKER_METRICS_PORT: String(port), TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${sdkPorts[i]}` }),
    );
    processes.push(...apis, ...workers);
    const [apiA, apiB] = apiPorts.map((port) => `http://127.0.0.1:${port}`) as [string, string];
    const call = (base: string, path: string, token: string, init: RequestInit & { requestId?: string } = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      if (init.requestId) headers.set('X-Request-Id', init.requestId);
      if (init.body !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(`${base}${path}`, { ...init, headers });
    };
    for (const base of [apiA, apiB]) {
      await waitFor(`${base}/readyz`, async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 120_000, processes);
    }
    for (const worker of workers) await waitFor(`${worker.name} polling`, async () => (worker.output().includes('Metrics:') ? true : undefined), 120_000, processes);
    // An API process is only a client of Temporal: it never loads the worker and its native core (nor the activities and renderers behind it).
    const mapped = (p: Running) => readFileSync(`/proc/${p.child.pid}/maps`, 'utf8');
    for (const api of apis) expect(mapped(api), api.name).not.toContain('@temporalio/core-bridge');
    for (const worker of workers) expect(mapped(worker), worker.name).toContain('@temporalio/core-bridge');
    // The seeded contracts and licence, and the APIs' readiness probe: the bucket before any case.
    const keysBefore = await bucketKeys();

    // The batch is asked of API B, its progress read on API A.
    const batchRequestId = randomUUID();
    const accepted = await call(apiB, '/v1/escalation-batches', tokens.system, {
      method: 'POST',
      requestId: batchRequestId,
      headers: { 'Idempotency-Key': 'scale-out-1' },
      body: JSON.stringify({ loanIds, reason: '逾期未还，批量起诉', responseDays: RESPONSE_DAYS }),
    });
    expect(accepted.status).toBe(202);
    const { batchId } = (await accepted.json()) as { batchId: string };

    // The legal team records each demand's delivery (the lawsuit waits for it), half through each
    // API; once API A is gone, through B. The first shows that a change through API A is shown by
    // API B within a second: B has the case in memory, A records the delivery.
    let apiAAlive = true;
    const delivered = new Set<string>();
    const deliverRequestIds: Record<'A' | 'B', string[]> = { A: [], B: [] };
    const deliver = async (caseId: string, via: 'A' | 'B', attempt = 1): Promise<void> => {
      const requestId = randomUUID();
      let response: Response;
      try {
        response = await call(via === 'A' ? apiA : apiB, `/v1/cases/${caseId}/events`, tokens.legal, {
          method: 'POST',
          requestId,
          body: JSON.stringify({ type: 'demand_delivered', deliveredAt: today(), channel: 'ems' }),
        });
      } catch (error) {
        // API A killed while it held the request: the person tries again on the other.
        if (via === 'A' && !apiAAlive) return deliver(caseId, 'B', attempt);
        throw error;
      }
      if (response.status === 429) {
        await response.arrayBuffer();
        await new Promise((r) => setTimeout(r, Number(response.headers.get('Retry-After')) * 1000));
        return deliver(caseId, via, attempt);
      }
      if (response.status >= 500 && attempt < 3) {
        // A busy machine (the whole suite at once) can fail an update; the person tries again, and
        // the test says so with what the API logged.
        const api = apis[via === 'A' ? 0 : 1]!;
        console.error(`delivery of ${caseId} through API ${via} (request ${requestId}): ${response.status} ${await response.text()}; retrying\n${api.output().slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 1_000));
        return deliver(caseId, via, attempt + 1);
      }
      if (response.status !== 202) throw new Error(`delivery of ${caseId} through API ${via}: ${response.status} ${await response.text()}`);
      deliverRequestIds[via].push(requestId);
      delivered.add(caseId);
    };
    const caseId = await waitFor(
      'a case of the batch waiting for the response',
      async () => (await db.selectFrom('cases').select('id').where('status', '=', 'demand_issued').orderBy('id').executeTakeFirst())?.id,
      120_000,
      processes,
    );
    type Detail = { timeline: Array<{ type: string }> };
    const timeline = async (base: string, requestId?: string) => {
      const response = await call(base, `/v1/cases/${caseId}`, tokens.legal, requestId === undefined ? {} : { requestId });
      expect(response.status).toBe(200);
      return ((await response.json()) as Detail).timeline.map((e) => e.type);
    };
    const readOnA = randomUUID();
    const readOnB = randomUUID();
    expect(await timeline(apiA, readOnA)).not.toContain('demand_delivered');
    expect(await timeline(apiB, readOnB)).not.toContain('demand_delivered'); // now in B's memory
    await deliver(caseId, 'A');
    // The update answers once the workflow took it; its row is written by the case's activity.
    await waitFor('the delivery in the timeline', async () => ((await db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('type', '=', 'demand_delivered').executeTakeFirst()) ? true : undefined), 30_000);
    const committed = Date.now();
    let shownAfterMs = -1;
    while (Date.now() - committed < 1_000) {
      if ((await timeline(apiB)).includes('demand_delivered')) {
        shownAfterMs = Date.now() - committed;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(shownAfterMs).toBeGreaterThanOrEqual(0);
    expect(shownAfterMs).toBeLessThan(1_000);

    // Every other demand is delivered as it is issued, in the background of what follows.
    let deliveryError: unknown;
    const deliveries = (async () => {
      let turn = 0;
      while (delivered.size < LOANS) {
        // Issued demands (the case waits for the response, or past it for the delivery).
        const waiting = await db.selectFrom('case_events').select('case_id as id').where('type', '=', 'demand_issued').orderBy('case_id').execute();
        await Promise.all(waiting.filter(({ id }) => !delivered.has(id)).map(({ id }) => deliver(id, apiAAlive && turn++ % 2 === 0 ? 'A' : 'B')));
        await new Promise((r) => setTimeout(r, 200));
      }
    })().catch((error: unknown) => {
      deliveryError = error;
    });

    // One rate limit across both APIs: a principal spreading 100 quick requests over them gets the
    // burst (and what the rate refills meanwhile), not a burst from each.
    const crowdStarted = Date.now();
    const statuses: Array<{ api: 'A' | 'B'; status: number }> = [];
    for (let i = 0; i < 100; i++) {
      const api = i % 2 === 0 ? 'A' : 'B';
      const response = await call(api === 'A' ? apiA : apiB, '/v1/cases?limit=1', tokens.crowd);
      await response.arrayBuffer();
      statuses.push({ api, status: response.status });
    }
    const refilled = ((Date.now() - crowdStarted) / 1000) * RATE.perSecond;
    const allowed = statuses.filter((s) => s.status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(RATE.burst - 2 * Math.floor(RATE.burst / 10));
    expect(allowed).toBeLessThanOrEqual(RATE.burst + Math.ceil(refilled) + 1);
    expect(statuses.filter((s) => s.status === 429).map((s) => s.api)).toEqual(expect.arrayContaining(['A', 'B']));
    expect(statuses.every((s) => s.status === 200 || s.status === 429)).toBe(true);

    // API A has written the audit rows of its reads (GET /v1/audit waits for them) before it dies.
    expect((await call(apiA, '/v1/audit?limit=1', tokens.legal)).status).toBe(200);

    // Kill a worker and an API once part of the cases have their lawsuit documents, the rest still to come.
    const lawsuitStarted = () =>
      db.selectFrom('documents').select(sql<string>`count(distinct case_id)`.as('n')).where('version', '>=', 1).where('type', 'in', [...LAWSUIT_DOCUMENT_TYPES]).executeTakeFirstOrThrow();
    await waitFor('lawsuit documents of a few cases', async () => (Number((await lawsuitStarted()).n) >= 3 ? true : undefined), 180_000, processes);
    const [worker1, worker2] = workers as [Running, Running];
    const [api1, api2] = apis as [Running, Running];
    apiAAlive = false;
    worker1.child.kill('SIGKILL');
    api1.child.kill('SIGKILL');
    expect(await worker1.exited).toBe('SIGKILL');
    expect(await api1.exited).toBe('SIGKILL');
    const handedOffAtKill = await db.selectFrom('cases').select('id').where('status', '=', 'handed_off').execute();
    console.error(`killed worker 1 and API A with ${Number((await lawsuitStarted()).n)} cases into their lawsuit documents, ${handedOffAtKill.length} handed off`);
    expect(handedOffAtKill.length).toBeLessThan(LOANS);

    // Every case reaches the firm, as the surviving API shows.
    await waitFor('every demand delivered', async () => (deliveryError !== undefined || delivered.size === LOANS ? true : undefined), 180_000, [api2, worker2]);
    await deliveries;
    if (deliveryError !== undefined) throw deliveryError;
    type Progress = { status: string; progress: { done: number; total: number }; counts: Record<string, number> };
    const progress = await waitFor(
      'every case handed off',
      async () => {
        const response = await call(apiB, `/v1/escalation-batches/${batchId}`, tokens.watcher);
        const body = (await response.json()) as Progress;
        return body.counts.handed_off === LOANS ? body : undefined;
      },
      240_000,
      [api2, worker2],
    );
    expect(progress).toMatchObject({ status: 'completed', progress: { done: LOANS, total: LOANS }, counts: { handed_off: LOANS } });
    await waitFor('every firm notified', async () => (new Set(firm.deliveries.filter((d) => d.type === 'case.handed_off' && d.verified).map((d) => d.body.data.caseId)).size === LOANS ? true : undefined), 120_000);
    const cases = await db.selectFrom('cases').select(['id', 'loan_id']).execute();
    expect(cases.map((c) => c.loan_id).sort()).toEqual(loanIds);

    // No document made twice: each type, format and version once per case, every case with the
    // same documents, and every file they and the evidence bundles name is in the bucket.
    const documents = await db.selectFrom('documents').select(['case_id', 'type', 'format', 'version', 'storage_key']).execute();
    const perCase = new Map<string, string[]>();
    for (const d of documents) perCase.set(d.case_id, [...(perCase.get(d.case_id) ?? []), `${d.type}.${d.format}.v${d.version}`]);
    expect(perCase.size).toBe(LOANS);
    for (const [, files] of perCase) expect(new Set(files).size).toBe(files.length);
    const shapes = new Set([...perCase.values()].map((files) => files.sort().join(' ')));
    expect(shapes.size).toBe(1);
    const shape = [...shapes][0]!.split(' ');
    for (const type of LAWSUIT_DOCUMENT_TYPES) expect(shape).toContain(`${type}.pdf.v1`);
    const handoffs = await db.selectFrom('case_events').select(['case_id', sql<string>`count(*)`.as('n')]).where('type', 'in', ['handed_off', 'packet_generated']).groupBy(['case_id', 'type']).execute();
    expect(handoffs).toHaveLength(2 * LOANS);
    expect(handoffs.every((h) => Number(h.n) === 1)).toBe(true);
    const exhibits = await sql<{ key: string }>`
      SELECT e->>'storageKey' AS key FROM evidence_bundles, jsonb_array_elements(bundle::jsonb -> 'exhibits') e
    `.execute(db);
    expect(exhibits.rows.length).toBeGreaterThanOrEqual(LOANS);
    const expectedKeys = new Set([...keysBefore, ...documents.map((d) => d.storage_key), ...exhibits.rows.map((r) => r.key)]);
    const inBucket = await bucketKeys();
    expect([...expectedKeys].filter((k) => !inBucket.includes(k))).toEqual([]); // every recorded file is there
    // Objects no row names: a rendering whose attempt was superseded (its worker killed after
    // storing, or a heartbeat timeout under load). PDFs are rendered byte for byte the same every
    // time (the case's date as their creation date), so a second rendering of one lands on the same
    // key: none may be left over. DOCX files carry the time of rendering (the docx library's
    // core.xml and ZIP entry times), so a second rendering of one is a second object: counted.
    const leftOver: Array<{ key: string; kind: string }> = [];
    for (const key of inBucket.filter((k) => !expectedKeys.has(k))) {
      const head = Buffer.concat(await (await store.get(key)).toArray()).subarray(0, 4).toString('latin1');
      leftOver.push({ key, kind: head === '%PDF' ? 'pdf' : head.startsWith('PK') ? 'docx' : head });
    }
    if (leftOver.length > 0) console.error(`objects left by superseded renderings: ${JSON.stringify(leftOver)}`);
    expect(leftOver.filter((o) => o.kind !== 'docx')).toEqual([]);

    // The audit log has the reads and writes made through both APIs.
    const audited = await call(apiB, '/v1/audit?limit=500', tokens.legal);
    expect(audited.status).toBe(200);
    const requestIds = [batchRequestId, readOnA, readOnB, ...deliverRequestIds.A, ...deliverRequestIds.B];
    expect(deliverRequestIds.A.length).toBeGreaterThan(0);
    expect(deliverRequestIds.B.length).toBeGreaterThan(0);
    const rows = await db.selectFrom('audit_log').select(['request_id', 'action']).where('request_id', 'in', requestIds).execute();
    const actions = new Map(rows.map((r) => [r.request_id, r.action]));
    expect([...actions.keys()].sort()).toEqual(requestIds.sort());
    expect([readOnA, readOnB].map((id) => actions.get(id))).toEqual(['case.read', 'case.read']);
    console.error(`audit: ${JSON.stringify(Object.fromEntries(actions))}`);

    // The surviving worker's metrics: ours on WORKER_METRICS_PORT, the Temporal SDK's on TEMPORAL_METRICS_ADDRESS.
    expect((await fetch(`http://127.0.0.1:${workerPorts[1]}/metrics`)).status).toBe(401);
    const ours = await (await fetch(`http://127.0.0.1:${workerPorts[1]}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(ours).toMatch(/^legal_escalation_documents_generated_total\{[^}]*type="complaint"[^}]*\} [1-9]/m);
    expect(ours).toMatch(/^legal_escalation_cases\{status="handed_off"\} /m);
    const sdk = await (await fetch(`http://127.0.0.1:${sdkPorts[1]}/metrics`)).text();
    expect(sdk).toMatch(/^temporal_activity_execution_latency\w*\{/m);
    expect(sdk).toMatch(/^temporal_worker_task_slots_available\{/m);

    // The survivors stop cleanly.
    api2.child.kill('SIGTERM');
    worker2.child.kill('SIGTERM');
    expect(await api2.exited).toBe(0);
    expect(await worker2.exited).toBe(0);
  });
});
