/**
 * Batches over the real HTTP server:
 * - escalation batches: 202 with the loans accepted and refused, a repeated Idempotency-Key
 *   returns the same batch and another body under it is a 409, 100,000 ids or duplicate ids are
 *   refused whole with the reason (nothing stored), progress shows counts and refusals;
 * - filing batches: handed-off cases grouped by court, each court's ZIP with the case packet
 *   folders, an element table whose XLSX (read back with exceljs) and CSV have one row per case
 *   and the case's claim to the fen, and SHA256SUMS that `sha256sum -c` accepts; lawyers see only
 *   their firm's; the lawyers' handed-off download is one ZIP and audited per case.
 * Cases are put in the read model as the workflow's activities would (claims by the domain's calculation).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/case/contract.ts';
import type { ClaimCalculation } from '../../src/domain/claim.ts';
import { formatYuan } from '../../src/domain/money.ts';
import { upsertLoan } from '../../src/intake/loans.ts';
import { insertHandedOffCase, signedHeaders } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { attachContract, overdueLoan, seedLender, seedLoan } from '../support/case-data.ts';

const UTF8 = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

describe('batches over HTTP', () => {
  let api: ApiServer;
  const work = mkdtempSync(join(tmpdir(), 'batches-'));
  const claims = new Map<string, ClaimCalculation>();

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    for (const loanId of ['loan-1', 'loan-2', 'loan-3']) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });
    // Loan 4 names another court in its contract.
    const shanghai = overdueLoan('lender-a', 'HT-loan-4', 20);
    await upsertLoan(api.db, 'loan-4', { ...shanghai, contract: { ...shanghai.contract, jurisdictionCourt: '上海市浦东新区人民法院' } });
    await attachContract(api.db, api.store, 'loan-4');
    const snapshots = { 'loan-1': overdueLoan('lender-a', 'HT-loan-1'), 'loan-2': overdueLoan('lender-a', 'HT-loan-2'), 'loan-4': shanghai };
    for (const [i, [loanId, snapshot]] of Object.entries(snapshots).entries()) {
      const caseId = `case-${i + 1}`;
      claims.set(caseId, await insertHandedOffCase(api.db, api.store, { caseId, loanId, lenderId: 'lender-a', lawFirmId: FIRM_A, snapshot }));
    }
  });
  afterAll(async () => {
    await api?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, token: string, key?: string) =>
    api.fetch(path, {
      method: 'POST',
      token,
      headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('accepts an escalation batch at once, with the refused loans and their reasons; a repeat is the same batch', async () => {
    const body = { loanIds: ['loan-1', 'loan-3', 'nope'], reason: '逾期未还', responseDays: 15 };
    const first = await post('/v1/escalation-batches', body, api.tokens.legal, 'k-1');
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { batchId: string; status: string; accepted: number; refused: Array<{ loanId: string; reason: string }> };
    expect(accepted.accepted).toBe(1);
    expect(accepted.refused.map((r) => [r.loanId, r.reason])).toEqual([
      ['loan-1', 'already_in_litigation'],
      ['nope', 'unknown_loan'],
    ]);
    const again = await post('/v1/escalation-batches', body, api.tokens.legal, 'k-1');
    expect(again.status).toBe(202);
    expect(((await again.json()) as { batchId: string }).batchId).toBe(accepted.batchId);
    const other = await post('/v1/escalation-batches', { ...body, reason: '别的' }, api.tokens.legal, 'k-1');
    expect(other.status).toBe(409);

    const progress = await api.fetch(`/v1/escalation-batches/${accepted.batchId}`, { token: api.tokens.system });
    expect(progress.status).toBe(200);
    const shown = (await progress.json()) as { progress: { total: number }; counts: Record<string, number>; refused: unknown[] };
    expect(shown.progress.total).toBe(1);
    expect(shown.refused).toHaveLength(2);
    expect((await api.fetch(`/v1/escalation-batches/${accepted.batchId}`, { token: api.tokens.lawyerA })).status).toBe(403);
  });

  it('resolves a selection through the overdue-loan list: the lender\'s overdue loans without an open case', async () => {
    const response = await post('/v1/escalation-batches', { selection: { lenderId: 'lender-a', minDaysPastDue: 30, minOutstanding: '100.00', notEscalated: true }, reason: '逾期' }, api.tokens.system, 'k-sel');
    expect(response.status).toBe(202);
    const batch = (await response.json()) as { batchId: string; accepted: number; refused: unknown[] };
    const items = await api.db.selectFrom('escalation_batch_items').select('loan_id').where('batch_id', '=', batch.batchId).execute();
    // loan-1, loan-2 and loan-4 have open cases; loan-3 is the one left (and in the first batch, not yet escalated: no worker here).
    expect(items.map((i) => i.loan_id)).toEqual(['loan-3']);
    expect(batch.accepted).toBe(1);
    expect(batch.refused).toEqual([]);
  });

  it('takes escalation_batch.requested from the collections webhook, once per webhook id', async () => {
    const body = JSON.stringify({ type: 'escalation_batch.requested', timestamp: new Date().toISOString(), data: { loanIds: ['loan-3', 'nope'], reason: '逾期' } });
    const send = () => api.fetch('/v1/webhooks/collections', { method: 'POST', headers: signedHeaders(api.webhookSecret, body, { id: 'msg_batch_1' }), body });
    const first = await send();
    expect(first.status).toBe(200);
    const result = ((await first.json()) as { result: { batchId: string; accepted: number; refused: Array<{ loanId: string; reason: string }> } }).result;
    expect(result.accepted).toBe(1);
    expect(result.refused.map((r) => [r.loanId, r.reason])).toEqual([['nope', 'unknown_loan']]);
    const again = (await (await send()).json()) as { result: { batchId: string }; replayed: boolean };
    expect(again).toMatchObject({ replayed: true, result: { batchId: result.batchId } });
  });

  it('refuses 100,000 ids, duplicate ids, an unknown lender, a missing key and a body with both ids and a selection, storing nothing', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `loan-${i}`);
    const tooMany = await post('/v1/escalation-batches', { loanIds: many, reason: 'x' }, api.tokens.legal, 'k-big');
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain('at most 20000 loans; this request has 100000');
    const dup = await post('/v1/escalation-batches', { loanIds: ['loan-2', 'loan-3', 'loan-2'], reason: 'x' }, api.tokens.legal, 'k-dup');
    expect(dup.status).toBe(422);
    expect(((await dup.json()) as { error: { message: string } }).error.message).toBe('duplicate loan ids: loan-2');
    expect((await post('/v1/escalation-batches', { loanIds: ['loan-2'], reason: 'x' }, api.tokens.legal)).status).toBe(400);
    expect((await post('/v1/escalation-batches', { loanIds: ['loan-2'], selection: { lenderId: 'lender-a' }, reason: 'x' }, api.tokens.legal, 'k-both')).status).toBe(400);
    // A mistyped lender: one error naming it, not an empty batch (selection) or a batch of refusals (beside ids).
    for (const [body, path] of [
      [{ selection: { lenderId: 'lender-typo', minDaysPastDue: 30 }, reason: 'x' }, 'selection.lenderId'],
      [{ loanIds: ['loan-3'], lenderId: 'lender-typo', reason: 'x' }, 'lenderId'],
    ] as const) {
      const unknown = await post('/v1/escalation-batches', body, api.tokens.legal, `k-${path}`);
      expect(unknown.status).toBe(422);
      expect(await unknown.json()).toMatchObject({ error: { message: 'unknown lender lender-typo', details: [{ path, message: 'no such lender' }] } });
    }
    const keys = await api.db.selectFrom('escalation_batches').select('idempotency_key').execute();
    expect(keys.map((k) => k.idempotency_key).sort()).toEqual(['k-1', 'k-sel', 'msg_batch_1']);
  });

  it('hands each court its archive: packet folders, the element table as XLSX and CSV with every amount the claim, and hashes', async () => {
    const created = await post('/v1/filing-batches', { lawFirmId: FIRM_A }, api.tokens.legal);
    expect(created.status).toBe(201);
    const { batchId } = (await created.json()) as { batchId: string };
    const batch = (await (await api.fetch(`/v1/filing-batches/${batchId}`, { token: api.tokens.lawyerA })).json()) as {
      courts: Array<{ court: string; cases: number; url: string }>;
    };
    expect(batch.courts.map((c) => [c.court, c.cases])).toEqual([
      ['上海市浦东新区人民法院', 1],
      ['北京市朝阳区人民法院', 2],
    ]);
    expect((await api.fetch(`/v1/filing-batches/${batchId}`, { token: api.tokens.lawyerB })).status).toBe(404);

    const beijing = batch.courts[1]!;
    const response = await api.fetch(beijing.url, { token: api.tokens.legal });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/zip');
    const file = join(work, 'beijing.zip');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const dir = join(work, 'beijing');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir], { env: UTF8 });
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir, env: UTF8 });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { files: Array<{ path: string }> };
    expect(index.files.map((f) => f.path)).toEqual(expect.arrayContaining(['诉讼要素表.xlsx', '诉讼要素表.csv', 'case-1/manifest.json', 'case-1/1_民事起诉状.pdf'.replace('1_', '01_'), 'case-2/01_民事起诉状.pdf']));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, '诉讼要素表.xlsx'));
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: Array<Record<string, unknown>> = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    expect(rows.map((r) => r['案件编号'])).toEqual(['case-1', 'case-2']);
    const csv = parse(readFileSync(join(dir, '诉讼要素表.csv')), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => r['案件编号'])).toEqual(['case-1', 'case-2']);
    const amounts = {
      '诉请本金（元）': 'principalFen',
      '诉请利息（元）': 'interestFen',
      '诉请罚息（元）': 'penaltyFen',
      '诉请复利（元）': 'compoundFen',
      '诉请费用（元）': 'feesFen',
      '诉请合计（元）': 'totalFen',
    } as const;
    for (const [i, row] of rows.entries()) {
      const claim = claims.get(row['案件编号'] as string)!;
      for (const [header, key] of Object.entries(amounts)) {
        expect(Math.round((row[header] as number) * 100)).toBe(claim.totals[key]);
        expect(csv[i]![header]).toBe(formatYuan(claim.totals[key]));
      }
      expect(row['被告公民身份号码']).toMatch(/^\d{17}[\dX]$/);
      expect(row['计算截止日']).toBe(claim.asOf);
      expect(row['受诉法院']).toBe('北京市朝阳区人民法院');
      expect(row['委托诉讼代理人']).toBe('赵子墨（firm-a 示范律师事务所）');
    }
  });

  it('lets a lawyer file only their firm\'s cases and download everything handed to them since a date, audited per case', async () => {
    expect((await post('/v1/filing-batches', { lawFirmId: FIRM_A }, api.tokens.lawyerB)).status).toBe(422);
    expect((await post('/v1/filing-batches', {}, api.tokens.lawyerB)).status).toBe(422);
    const response = await api.fetch(`/v1/handed-off-packets?since=${today()}`, { token: api.tokens.lawyerA });
    expect(response.status).toBe(200);
    const file = join(work, 'handed.zip');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const dir = join(work, 'handed');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir], { env: UTF8 });
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir, env: UTF8 });
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { cases: number };
    expect(index.cases).toBe(3);
    expect((await api.fetch('/v1/handed-off-packets?since=2099-01-01', { token: api.tokens.lawyerB })).status).toBe(404);
    await api.readAudit.written();
    const audited = await api.db.selectFrom('audit_log').select('case_id').where('action', '=', 'packet.download').where('principal_id', '=', api.principals.lawyerA).execute();
    expect(audited.map((a) => a.case_id).sort()).toEqual(['case-1', 'case-2', 'case-3']);
  });
});
