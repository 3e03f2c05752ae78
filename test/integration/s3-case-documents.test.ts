/**
 * A case's documents through the S3 document store, end to end: the lender's signed contract is
 * uploaded through the API, a real worker whose activities write to the bucket freezes the
 * evidence and makes the demand letter and the lawsuit documents, and the API streams the lawsuit
 * packet and single documents back out of S3. The bucket holds each file once, under its SHA-256,
 * and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAWSUIT_DOCUMENT_TYPES } from '../../src/documents/registry.ts';
import type { EvidenceBundle } from '../../src/domain/evidence.ts';
import { S3ContentStore } from '../../src/storage/s3-store.ts';
import { pdfBytes } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { overdueLoan, seedLender } from '../support/case-data.ts';
import { waitForCase } from '../support/cases.ts';
import { s3StoreEnv } from '../support/s3.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const UTF8 = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

describe('a case through the S3 document store', () => {
  let api: ApiServer;
  let store: S3ContentStore;
  const work = mkdtempSync(join(tmpdir(), 's3-case-'));
  const caseId = 'loan-s3-1';

  beforeAll(async () => {
    api = await startApiServer({ worker: true, env: await s3StoreEnv() });
    if (!(api.store instanceof S3ContentStore)) throw new Error('the API does not run on the S3 store');
    store = api.store;
    await seedLender(api.db, 'lender-s3');
    const system = { token: api.tokens.system };
    const licence = await api.fetch('/v1/lenders/lender-s3/business-licence', { ...system, method: 'PUT', headers: { 'Content-Type': 'application/pdf' }, body: await pdfBytes('营业执照 lender-s3') });
    expect(licence.status).toBe(201);
    const loan = await api.fetch('/v1/loans/loan-s3', { ...system, method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(overdueLoan('lender-s3', 'HT-S3')) });
    expect(loan.status).toBe(201);
    const contract = await api.fetch('/v1/loans/loan-s3/contract', { ...system, method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: await pdfBytes('借款合同 HT-S3', 2) });
    expect(contract.status).toBe(201);
    const escalated = await api.fetch('/v1/escalations', {
      token: api.tokens.legal,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loanId: 'loan-s3', reason: '逾期九期', lawFirmId: FIRM_A, responseDays: 0 }),
    });
    expect([escalated.status, await escalated.json()]).toEqual([202, { caseId, status: 'assembling_evidence' }]);
    await waitForCase(api.db, caseId, 'handed_off');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps every document, exhibit and the contract in the bucket once, under its SHA-256, and nothing else', async () => {
    const documents = await api.db.selectFrom('documents').select(['sha256', 'storage_key']).where('case_id', '=', caseId).execute();
    // The demand letter (PDF and DOCX) and its enclosed 欠款计算明细 (PDF), and every lawsuit document as PDF and DOCX.
    expect(documents.length).toBe(3 + 2 * LAWSUIT_DOCUMENT_TYPES.length);
    const bundle = await api.db.selectFrom('evidence_bundles').select('bundle').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    const exhibits = (bundle.bundle as EvidenceBundle).exhibits;
    const contract = await api.db.selectFrom('contract_files').select('storage_key').where('loan_id', '=', 'loan-s3').executeTakeFirstOrThrow();
    const referenced = new Set([...documents.map((d) => d.storage_key), ...exhibits.map((e) => e.storageKey), contract.storage_key]);

    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket }));
    const objects = (listed.Contents ?? []).map((o) => o.Key!).sort();
    expect(objects).toEqual([...referenced].map((key) => `${store.prefix}${key}`).sort());
    for (const d of documents) expect(d.storage_key).toBe(`sha256/${d.sha256.slice(0, 2)}/${d.sha256.slice(2, 4)}/${d.sha256}`);
  });

  it('streams the lawsuit packet out of S3: every file in it matches the SHA-256 its manifest names', async () => {
    const response = await api.fetch(`/v1/cases/${caseId}/packet`, { token: api.tokens.lawyerA });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/zip');
    const file = join(work, 'packet.zip');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const dir = join(work, 'packet');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir], { env: UTF8 });
    const manifestBytes = readFileSync(join(dir, 'manifest.json'));
    expect(response.headers.get('X-Packet-Sha256')).toBe(sha256(manifestBytes));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as { caseId: string; files: Array<{ path: string; sha256: string; type: string; format: string }> };
    expect(manifest.caseId).toBe(caseId);
    expect(new Set(manifest.files.map((f) => f.type))).toEqual(new Set([...LAWSUIT_DOCUMENT_TYPES, 'demand_letter', 'exhibit']));
    for (const entry of manifest.files) expect([entry.path, sha256(readFileSync(join(dir, entry.path)))]).toEqual([entry.path, entry.sha256]);
  });

  it('serves a single document out of S3 with its SHA-256 as ETag', async () => {
    const complaint = await api.db
      .selectFrom('documents')
      .select(['id', 'sha256', 'size'])
      .where('case_id', '=', caseId)
      .where('type', '=', 'complaint')
      .where('format', '=', 'pdf')
      .executeTakeFirstOrThrow();
    const response = await api.fetch(`/v1/cases/${caseId}/documents/${complaint.id}`, { token: api.tokens.legal });
    expect(response.status).toBe(200);
    expect(response.headers.get('ETag')).toBe(`"${complaint.sha256}"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([bytes.length, sha256(bytes)]).toEqual([Number(complaint.size), complaint.sha256]);
  });
});
