/**
 * Downloads over the real HTTP server: content types, Chinese file names (RFC 5987 with an ASCII
 * fallback), ETag and 304 on immutable documents, and the lawsuit packet streamed as a ZIP whose
 * manifest holds the SHA-256 of every file, in constant memory. Cases and documents are put in
 * the read model and the content store as the workflow's activities would. Run against both
 * document stores: the filesystem and S3 (the run's S3-compatible server).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCaseRow, insertDocument, pdfBytes, sha256 } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';
import { DOCUMENT_STORES, storeEnv } from '../support/s3.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const UTF8 = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

describe.each(DOCUMENT_STORES)('downloads from the %s store', (kind) => {
  let api: ApiServer;
  let complaint: Buffer;
  const work = mkdtempSync(join(tmpdir(), 'downloads-'));

  beforeAll(async () => {
    api = await startApiServer({ env: await storeEnv(kind) });
    expect(api.config.documents.store.kind).toBe(kind);
    await seedLender(api.db, 'lender-a');
    for (const loanId of ['loan-1', 'loan-2']) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });
    await insertCaseRow(api.db, { id: 'case-1', loanId: 'loan-1', lenderId: 'lender-a', lawFirmId: FIRM_A, status: 'handed_off' });
    await insertCaseRow(api.db, { id: 'case-2', loanId: 'loan-2', lenderId: 'lender-a', status: 'demand_issued' });
    complaint = await pdfBytes('民事起诉状', 2);
    await insertDocument(api.db, api.store, { id: 'doc-pdf', caseId: 'case-1', type: 'complaint', format: 'pdf', name: '民事起诉状', bytes: complaint, pages: 2 });
    await insertDocument(api.db, api.store, { id: 'doc-docx', caseId: 'case-1', type: 'complaint', format: 'docx', name: '民事起诉状', bytes: Buffer.from('PK\u0003\u0004 stand-in docx') });
    await insertDocument(api.db, api.store, { id: 'doc-calc', caseId: 'case-1', type: 'claim_calculation', format: 'pdf', name: '欠款计算明细', bytes: await pdfBytes('calc'), pages: 1 });
    await insertDocument(api.db, api.store, { id: 'doc-demand', caseId: 'case-2', type: 'demand_letter', format: 'pdf', name: '催收函', bytes: await pdfBytes('demand'), pages: 1 });
    const contract = await api.store.put(await pdfBytes('借款合同', 3));
    await api.db
      .insertInto('evidence_bundles')
      .values({
        case_id: 'case-1',
        frozen_at: new Date('2026-01-10T08:00:00Z'),
        loan_snapshot_sha256: 'b'.repeat(64),
        bundle: JSON.stringify({ exhibits: [{ number: 1, kind: 'loan_contract', name: '借款合同', storageKey: contract.key, pageCount: 3 }] }),
      })
      .execute();
  });
  afterAll(async () => {
    await api?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) => api.fetch(path, { token: api.tokens.lawyerA, headers });

  it('serves a PDF with its type, size, Chinese file name and its SHA-256 as ETag', async () => {
    const response = await get('/v1/cases/case-1/documents/doc-pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Content-Length')).toBe(String(complaint.length));
    expect(response.headers.get('ETag')).toBe(`"${sha256(complaint)}"`);
    expect(response.headers.get('Cache-Control')).toBe('private, no-cache');
    const disposition = response.headers.get('Content-Disposition') ?? '';
    expect(disposition).toBe(`attachment; filename="complaint-doc-pdf.pdf"; filename*=UTF-8''${encodeURIComponent('民事起诉状.pdf')}`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe('民事起诉状.pdf');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(complaint);
  });

  it('serves a DOCX with the Word content type', async () => {
    const response = await get('/v1/cases/case-1/documents/doc-docx');
    expect(response.headers.get('Content-Type')).toBe(DOCX);
    expect(response.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('民事起诉状.docx')}`);
    await response.arrayBuffer();
  });

  it('answers 304 without a body when If-None-Match names the ETag, 200 otherwise', async () => {
    const etag = `"${sha256(complaint)}"`;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await get('/v1/cases/case-1/documents/doc-pdf', { 'If-None-Match': header });
      expect([header, response.status, (await response.arrayBuffer()).byteLength]).toEqual([header, 304, 0]);
      expect(response.headers.get('ETag')).toBe(etag);
    }
    const changed = await get('/v1/cases/case-1/documents/doc-pdf', { 'If-None-Match': '"0000"' });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
  });

  it('is 404 for a document of another case or an unknown one', async () => {
    expect((await api.fetch('/v1/cases/case-1/documents/doc-demand', { token: api.tokens.legal })).status).toBe(404);
    expect((await api.fetch('/v1/cases/case-1/documents/nope', { token: api.tokens.legal })).status).toBe(404);
  });

  it('streams the lawsuit packet as a ZIP whose manifest holds the SHA-256 of every file', async () => {
    const response = await get('/v1/cases/case-1/packet');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/zip');
    expect(response.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('诉讼材料包_case-1.zip')}`);
    expect(response.headers.get('Content-Length')).toBeNull(); // streamed, not buffered to measure
    const file = join(work, 'packet.zip');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const dir = join(work, 'packet');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir], { env: UTF8 });

    const manifestBytes = readFileSync(join(dir, 'manifest.json'));
    expect(response.headers.get('X-Packet-Sha256')).toBe(sha256(manifestBytes));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as { caseId: string; files: Array<{ path: string; sha256: string; type: string; format: string }> };
    expect(manifest.caseId).toBe('case-1');
    expect(manifest.files.map((f) => `${f.type}/${f.format}`).sort()).toEqual(['claim_calculation/pdf', 'complaint/docx', 'complaint/pdf', 'exhibit/pdf'].sort());
    for (const entry of manifest.files) expect([entry.path, sha256(readFileSync(join(dir, entry.path)))]).toEqual([entry.path, entry.sha256]);
    const complaintEntry = manifest.files.find((f) => f.type === 'complaint' && f.format === 'pdf');
    expect(readFileSync(join(dir, complaintEntry!.path))).toEqual(complaint);
  });

  it('gives the packet an ETag that answers 304, and refuses a case without lawsuit documents (409)', async () => {
    const first = await get('/v1/cases/case-1/packet');
    const etag = first.headers.get('ETag');
    await first.arrayBuffer();
    const again = await get('/v1/cases/case-1/packet', { 'If-None-Match': etag ?? '' });
    expect([again.status, (await again.arrayBuffer()).byteLength]).toEqual([304, 0]);
    const early = await api.fetch('/v1/cases/case-2/packet', { token: api.tokens.legal });
    expect([early.status, ((await early.json()) as { error: { code: string } }).error.code]).toEqual([409, 'packet_not_ready']);
  });

  it('streams a large packet in constant memory', async () => {
    const size = 256 * 1024 * 1024;
    async function* noise() {
      for (let sent = 0; sent < size; sent += 1024 * 1024) yield randomBytes(1024 * 1024);
    }
    const large = await api.store.put(noise());
    await insertCaseRow(api.db, { id: 'case-big', loanId: 'loan-2', lenderId: 'lender-a', lawFirmId: FIRM_A, status: 'closed' });
    await insertDocument(api.db, api.store, { id: 'doc-big-complaint', caseId: 'case-big', type: 'complaint', format: 'pdf', name: '民事起诉状', bytes: complaint });
    await api.db
      .insertInto('evidence_bundles')
      .values({
        case_id: 'case-big',
        frozen_at: new Date(),
        loan_snapshot_sha256: 'c'.repeat(64),
        bundle: JSON.stringify({ exhibits: [{ number: 1, kind: 'repayment_ledger', name: '还款明细', storageKey: large.key, pageCount: 1 }] }),
      })
      .execute();

    // The baseline follows a full collection (vitest.config.ts runs tests with --expose-gc), so that
    // memory the upload above freed is not counted as room the download then reuses for free.
    if (!globalThis.gc) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
    globalThis.gc();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let received = 0;
    const response = await get('/v1/cases/case-big/packet');
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(received).toBeGreaterThan(size);
    // Server and client share this process: buffering the packet would add 256 MB on either side.
    // Streaming holds what is in flight between two of reclaim.ts's collections: the file's chunks,
    // the ZIP's output and the client's reads, up to 16 MiB or so each: RSS grew by at most 69 MB
    // with a 96 MB packet, 76 MB with this one and 82 MB with a 384 MB one, on either store. Half
    // the packet tells the two apart with room to spare.
    expect(peak - baseline, `RSS grew by ${((peak - baseline) / 2 ** 20).toFixed(1)} MB`).toBeLessThan(size / 2);
  });
});
