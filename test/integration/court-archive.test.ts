/**
 * A court's archive of more cases than it reads ahead, over the real HTTP server, PostgreSQL and
 * folder store: the archive adds cases only as the ZIP nears them (CASES_AHEAD in
 * src/api/cases/filing-archive.ts), so this checks that a long archive still ends whole, with
 * every case's folder, the element table's rows and hashes `sha256sum -c` accepts; and that a
 * download given up after its first bytes leaves the next one whole.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHandedOffCase } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { overdueLoan, seedLender, seedLoan } from '../support/case-data.ts';

const UTF8 = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
/** Three times the archive's read-ahead of four cases. */
const CASES = 12;

describe('a court archive of many cases', () => {
  let api: ApiServer;
  const work = mkdtempSync(join(tmpdir(), 'court-archive-'));
  const caseIds = Array.from({ length: CASES }, (_, i) => `case-${String(i + 1).padStart(2, '0')}`);
  let archiveUrl = '';

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    for (const [i, caseId] of caseIds.entries()) {
      const loanId = `loan-${i + 1}`;
      await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });
      await insertHandedOffCase(api.db, api.store, { caseId, loanId, lenderId: 'lender-a', lawFirmId: FIRM_A, snapshot: overdueLoan('lender-a', `HT-${loanId}`) });
    }
    const created = await api.fetch('/v1/filing-batches', { method: 'POST', token: api.tokens.legal, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lawFirmId: FIRM_A }) });
    expect(created.status).toBe(201);
    const { batchId } = (await created.json()) as { batchId: string };
    const batch = (await (await api.fetch(`/v1/filing-batches/${batchId}`, { token: api.tokens.legal })).json()) as { courts: Array<{ cases: number; url: string }> };
    expect(batch.courts.map((c) => c.cases)).toEqual([CASES]);
    archiveUrl = batch.courts[0]!.url;
  });
  afterAll(async () => {
    await api?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('ends whole after a download given up halfway: every case folder, one element-table row each, hashes that check', async () => {
    const abandoned = await api.fetch(archiveUrl, { token: api.tokens.legal });
    expect(abandoned.status).toBe(200);
    const reader = abandoned.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();

    const response = await api.fetch(archiveUrl, { token: api.tokens.legal });
    expect(response.status).toBe(200);
    const file = join(work, 'court.zip');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const dir = join(work, 'court');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir], { env: UTF8 });
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir, env: UTF8 });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { cases: number; skipped: string[]; files: Array<{ path: string }> };
    expect(index.cases).toBe(CASES);
    expect(index.skipped).toEqual([]);
    for (const caseId of caseIds) {
      expect(index.files.map((f) => f.path)).toEqual(expect.arrayContaining([`${caseId}/manifest.json`, `${caseId}/01_民事起诉状.pdf`]));
      expect(readFileSync(join(dir, caseId, '01_民事起诉状.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    }
    const csv = parse(readFileSync(join(dir, '诉讼要素表.csv')), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => r['案件编号'])).toEqual(caseIds);
  });
});
