/**
 * The people's journeys through the web pages in a real browser (Chromium), against the real API,
 * PostgreSQL, Temporal and worker: the legal team finds an overdue loan, escalates it, records a
 * payment and sees the claim change, then escalates a selection as one batch and follows its progress; the legal team and the firm's lawyer each make a
 * court filing batch and download the court's ZIP, the lawyer also everything handed over since a
 * day; the firm's lawyer sees the handed-off case, downloads the
 * packet, reports filing and judgment and uploads the 判决书; another firm's lawyer sees none of
 * it (nor its filing); a revoked token is signed out. Every page passes axe-core with no serious or critical
 * violation and no CSP violation, and is photographed at 1280 and 390 px.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/case/contract.ts';
import { pdfBytes } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, startApiServer } from '../support/api-server.ts';
import { launchBrowser, photograph, seriousViolations, signIn, type TestBrowser } from '../support/browser.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';
import { waitForCase } from '../support/cases.ts';

describe('web pages in a real browser', () => {
  let api: ApiServer;
  let chromium: TestBrowser;
  const HANDED = 'loan-handed-1';
  /** Escalated together as one batch from the loan list; the last one by someone else just before. */
  const BATCH = ['loan-web-batch-1', 'loan-web-batch-2', 'loan-web-batch-3'] as const;

  async function checked(page: Page, problems: string[], name: string): Promise<void> {
    expect(await seriousViolations(page), name).toEqual([]);
    expect(problems, name).toEqual([]);
    await photograph(page, name);
  }

  beforeAll(async () => {
    api = await startApiServer({ worker: true });
    chromium = await launchBrowser();
    await seedLender(api.db, 'lender-a');
    // Workflow ids are global to the Temporal namespace all suites share: this suite's loan ids are its own.
    await seedLoan(api.db, api.store, { loanId: 'loan-web-old', lenderId: 'lender-a' });
    await seedLoan(api.db, api.store, { loanId: 'loan-new', lenderId: 'lender-a', startedMonthsAgo: 4 });
    await seedLoan(api.db, api.store, { loanId: 'loan-handed', lenderId: 'lender-a', startedMonthsAgo: 8 });
    for (const loanId of BATCH) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a', startedMonthsAgo: 10 });
    const escalated = await api.fetch('/v1/escalations', {
      method: 'POST',
      token: api.tokens.legal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loanId: 'loan-handed', reason: '逾期催收无果', lawFirmId: FIRM_A, responseDays: 0 }),
    });
    expect(escalated.status).toBe(202);
    await waitForCase(api.db, HANDED, 'handed_off', 60_000);
  }, 180_000);
  afterAll(async () => {
    await chromium?.close();
    await api?.close();
  });

  it('legal: finds an overdue loan, escalates it, records a payment and sees the claim change', async () => {
    const { page, problems, context } = await chromium.newPage();
    await signIn(page, api.url, api.tokens.legal);
    await checked(page, problems, 'legal-cases');

    await page.getByRole('link', { name: '逾期贷款 Overdue loans' }).click();
    await page.getByRole('heading', { name: '逾期贷款 Overdue loans' }).waitFor();
    await page.getByLabel('是否已升级 Escalated').selectOption('false');
    await page.getByRole('button', { name: '筛选 Filter' }).click();
    await page.waitForURL(/escalated=false/);
    const row = page.locator('tr[data-loan="loan-web-old"]');
    await expect.poll(() => row.count()).toBe(1);
    // The filtered list replaces the whole one once its answer arrives.
    await expect.poll(() => page.locator('tr[data-loan="loan-handed"]').count()).toBe(0);
    expect(await row.textContent()).toContain('110105********002X');
    await checked(page, problems, 'legal-loans');

    await row.getByRole('button', { name: '升级 Escalate' }).click();
    // The page answers with one line per loan: a link to the case, or why it was refused.
    const outcome = page.locator('.results li').first();
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toMatch(/loan-web-old → 已升级/);
    const link = page.getByRole('link', { name: /loan-web-old → 已升级/ });
    await link.click();
    await page.getByRole('heading', { name: /HT-loan-web-old/ }).waitFor();
    const caseId = decodeURIComponent(page.url().split('#/cases/')[1]!);
    await waitForCase(api.db, caseId, (c) => c.claim_total_fen !== null, 60_000);
    await page.reload();
    const total = page.locator('.claim .total td');
    await total.waitFor();
    const before = await total.textContent();
    await expect.poll(async () => (await page.locator('.timeline').textContent()) ?? '').toContain('案件升级');
    await checked(page, problems, 'legal-case');

    // The API's own validation, shown next to the field it names.
    await page.getByText('收到还款 Payment received').click();
    const form = page.locator('form[data-fixed*="payment_received"]');
    await form.getByLabel('金额（元）').fill('100');
    await form.getByLabel('还款日期').fill(today());
    await form.getByRole('button', { name: '记录还款' }).click();
    await expect.poll(async () => form.locator('[data-error-for="amount"]').textContent()).toMatch(/two decimals/);

    await form.getByLabel('金额（元）').fill('1000.00');
    await form.getByRole('button', { name: '记录还款' }).click();
    await expect.poll(async () => (await page.locator('.timeline').textContent()) ?? '', { timeout: 30_000 }).toContain(`借款人于 ${today()} 还款 1,000.00 元`);
    await expect
      .poll(async () => {
        await page.reload();
        await total.waitFor();
        return total.textContent();
      }, { timeout: 30_000 })
      .not.toBe(before);

    await page.getByRole('link', { name: '统计 Dashboard' }).click();
    await page.getByRole('heading', { name: /统计 Dashboard/ }).waitFor();
    const statuses = page.locator('section', { hasText: '案件状态 Cases by status' });
    // Two cases so far (the one escalated here and the one handed to firm A), each bar with its number as text.
    const bars = await statuses.locator('svg text').allTextContents();
    expect(bars.filter((text) => /^\d+ 件$/.test(text)).reduce((sum, text) => sum + Number.parseInt(text, 10), 0)).toBe(2);
    expect(bars).toContain('已移交律所');
    expect(await page.locator('table.recovery').first().textContent()).toContain('firm-a 示范律师事务所');
    await checked(page, problems, 'legal-dashboard');

    // A selection of loans escalated as one batch, followed on its progress page until it completes.
    await page.getByRole('link', { name: '逾期贷款 Overdue loans' }).click();
    await page.getByRole('heading', { name: '逾期贷款 Overdue loans' }).waitFor();
    for (const loanId of BATCH) await page.locator(`tr[data-loan="${loanId}"]`).getByRole('checkbox').check();
    // Someone else escalates the third loan while the page still offers it.
    const meanwhile = await api.fetch('/v1/escalations', {
      method: 'POST',
      token: api.tokens.legal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loanId: BATCH[2], reason: '逾期催收无果' }),
    });
    expect(meanwhile.status).toBe(202);
    await page.getByRole('button', { name: '升级所选 Escalate selected' }).click();
    await page.getByRole('heading', { name: /批量升级 Escalation batch/ }).waitFor();
    const batchId = decodeURIComponent(page.url().split('#/escalation-batches/')[1]!);
    const batch = await api.db.selectFrom('escalation_batches').select(['idempotency_key', 'accepted']).where('id', '=', batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ accepted: 2, idempotency_key: expect.stringMatching(/^[\w-]{36}$/) });
    // The page asks again by itself while the batch runs, and ends with the summary.
    const summary = page.locator('[data-summary]');
    await expect.poll(async () => summary.textContent(), { timeout: 60_000 }).toBe('批量升级已完成：开立案件 2 件，未升级或受阻 1 笔');
    expect(await page.locator('#status').textContent()).toBe('批量升级已完成：开立案件 2 件，未升级或受阻 1 笔');
    expect(await page.locator('progress').getAttribute('value')).toBe('2');
    const counted = await page.locator('table.batch-counts tbody td.num').allTextContents();
    expect(counted.reduce((sum, n) => sum + Number(n), 0)).toBe(2);
    const refused = page.locator('table.batch-refused tbody tr');
    expect(await refused.count()).toBe(1);
    expect(await refused.textContent()).toContain('HT-loan-web-batch-3');
    expect(await refused.textContent()).toContain('已有进行中的案件');
    expect(await page.locator('table.batch-cases tbody tr').allTextContents()).toEqual([
      expect.stringContaining('HT-loan-web-batch-1'),
      expect.stringContaining('HT-loan-web-batch-2'),
    ]);
    // No ids where words fit: contract numbers and names, never the batch's or the loans' ids.
    const shown = (await page.locator('#view').textContent()) ?? '';
    expect(shown).not.toContain(batchId);
    expect(shown).not.toMatch(/(?<!HT-)loan-web-batch/);
    await checked(page, problems, 'legal-batch');
    await page.locator('table.batch-cases').getByRole('link').first().click();
    await page.getByRole('heading', { name: /HT-loan-web-batch-1/ }).waitFor();
    await context.close();
  }, 240_000);

  it('court filing: the legal team files every firm\'s handed-off cases, the firm\'s lawyer its own, each court\'s ZIP downloaded', async () => {
    const entries = async (download: Download) => {
      const path = (await download.path())!;
      expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
      return execFileSync('unzip', ['-Z1', path], { env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }, encoding: 'utf8' }).split('\n');
    };
    const legal = await chromium.newPage();
    await signIn(legal.page, api.url, api.tokens.legal);
    await legal.page.getByRole('link', { name: '集中立案 Court filing' }).click();
    await legal.page.getByRole('heading', { name: /待立案案件 Handed-off cases（1）/ }).waitFor();
    expect(await legal.page.locator('table.filing-waiting tbody').textContent()).toContain(`${FIRM_A} 示范律师事务所1`);
    await checked(legal.page, legal.problems, 'legal-filing');
    // All firms: the batch's page lists each receiving court with a button for its ZIP.
    await legal.page.getByLabel('律所 Law firm').selectOption('');
    await legal.page.getByRole('button', { name: '生成立案批次 Make the filing batch' }).click();
    await legal.page.getByRole('heading', { name: '立案批次 Filing batch', exact: true }).waitFor();
    const legalBatch = decodeURIComponent(legal.page.url().split('#/filing-batches/')[1]!);
    const courts = legal.page.locator('table.filing-courts tbody tr');
    expect(await courts.count()).toBe(1);
    expect(await courts.locator('td.num').textContent()).toBe('1');
    await checked(legal.page, legal.problems, 'legal-filing-batch');
    const [archive] = await Promise.all([legal.page.waitForEvent('download'), courts.getByRole('link', { name: /下载 ZIP Download/ }).click()]);
    expect(archive.suggestedFilename()).toMatch(/^批量立案_.+\.zip$/);
    const files = await entries(archive);
    expect(files).toEqual(expect.arrayContaining(['诉讼要素表.xlsx', '诉讼要素表.csv', 'SHA256SUMS', 'index.json']));
    expect(files.some((f) => f.startsWith(`${HANDED}/`))).toBe(true);
    await expect.poll(async () => (await api.db.selectFrom('audit_log').select('action').where('case_id', '=', HANDED).where('action', '=', 'filing.download').execute()).length).toBe(1);
    await legal.context.close();

    // The firm's lawyer: no firm to choose, their own batch, and not the legal team's all-firms one.
    const { page, problems, context } = await chromium.newPage();
    await signIn(page, api.url, api.tokens.lawyerA);
    await page.getByRole('link', { name: '集中立案 Court filing' }).click();
    await page.getByRole('heading', { name: /待立案案件 Handed-off cases（1）/ }).waitFor();
    expect(await page.getByLabel('律所 Law firm').count()).toBe(0);
    expect(await page.locator('table.filing-batches').count()).toBe(0);
    await page.getByRole('button', { name: '生成立案批次 Make the filing batch' }).click();
    await page.getByRole('heading', { name: '立案批次 Filing batch', exact: true }).waitFor();
    const ownBatch = decodeURIComponent(page.url().split('#/filing-batches/')[1]!);
    expect(ownBatch).not.toBe(legalBatch);
    expect(await page.locator('#view').textContent()).toContain(`${FIRM_A} 示范律师事务所`);
    await page.getByRole('link', { name: /← 集中立案/ }).click();
    const listed = page.locator('table.filing-batches tbody tr');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(1);
    expect(await listed.getByRole('link').getAttribute('href')).toBe(`#/filing-batches/${ownBatch}`);
    // Everything handed to the firm since a day, as one ZIP.
    await page.getByLabel('移交日期起 Handed over on or after').fill(today());
    const [handed] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 ZIP Download' }).click()]);
    expect((await entries(handed)).some((f) => f.startsWith(`${HANDED}/`))).toBe(true);
    await checked(page, problems, 'lawyer-filing');
    // The legal team's batch is not the firm's to open.
    await page.goto(`${api.url}/#/filing-batches/${legalBatch}`);
    await expect.poll(async () => page.locator('#message').textContent()).toContain(`no filing batch ${legalBatch}`);
    await context.close();
  }, 120_000);

  it("lawyer: sees the handed-off case, downloads the packet, reports filing and judgment, uploads the 判决书", async () => {
    const { page, problems, context } = await chromium.newPage();
    await signIn(page, api.url, api.tokens.lawyerA);
    const row = page.locator('tr', { hasText: 'HT-loan-handed' });
    await row.waitFor();
    expect(await row.locator('.new-badge').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: '逾期贷款 Overdue loans' }).count()).toBe(0);
    await checked(page, problems, 'lawyer-cases');

    await row.getByRole('link', { name: 'HT-loan-handed' }).click();
    await page.getByRole('heading', { name: /HT-loan-handed/ }).waitFor();
    const [packet] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载诉讼材料包/ }).click()]);
    expect(packet.suggestedFilename()).toMatch(/\.zip$/);
    const zip = readFileSync((await packet.path())!);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    await checked(page, problems, 'lawyer-case');

    await page.getByText('已立案 Filed').click();
    const filed = page.locator('form[data-fixed*="filed"]');
    await filed.getByLabel('法院').fill('北京市朝阳区人民法院');
    await filed.getByLabel('案号').fill('（2026）京0105民初123号');
    await filed.getByLabel('立案日期').fill(today());
    await filed.getByRole('button', { name: '报告立案' }).click();
    await expect.poll(async () => (await page.locator('.timeline').textContent()) ?? '', { timeout: 30_000 }).toContain('案号 （2026）京0105民初123号');

    await page.getByText('判决 Judgment', { exact: true }).click();
    const judgment = page.locator('form[data-fixed*="judgment"]');
    await judgment.getByLabel('判决日期').fill(today());
    await judgment.getByLabel('结果').selectOption('won');
    await judgment.getByLabel('判决金额（元）').fill('9000.00');
    await judgment.getByRole('button', { name: '报告判决' }).click();
    await expect.poll(async () => (await page.locator('.timeline').textContent()) ?? '', { timeout: 30_000 }).toContain('判决胜诉，判决金额 9,000.00 元');

    const upload = page.locator('form[data-upload]');
    await upload.getByLabel('文书类型').selectOption('judgment');
    await upload.getByLabel('标题（如案号）').fill('（2026）京0105民初123号');
    await upload.getByLabel('PDF 文件').setInputFiles({ name: 'judgment.pdf', mimeType: 'application/pdf', buffer: await pdfBytes('民事判决书') });
    await upload.getByRole('button', { name: '上传 Upload' }).click();
    const papers = page.locator('section', { hasText: '法院文书 Court papers' });
    await expect.poll(async () => (await page.locator('.documents').last().textContent()) ?? '', { timeout: 15_000 }).toContain('判决书：（2026）京0105民初123号');
    expect(await papers.count()).toBeGreaterThan(0);
    const stored = await api.db.selectFrom('documents').select(['sha256', 'type']).where('case_id', '=', HANDED).where('type', '=', 'court_paper').execute();
    expect(stored).toHaveLength(1);
    const audited = await api.db.selectFrom('audit_log').select('action').where('case_id', '=', HANDED).where('action', '=', 'case.court_paper').execute();
    expect(audited).toHaveLength(1);
    await checked(page, problems, 'lawyer-case-after');
    await context.close();
  }, 180_000);

  it("another firm's lawyer sees none of it", async () => {
    const { page, problems, context } = await chromium.newPage();
    await signIn(page, api.url, api.tokens.lawyerB);
    await page.getByText('没有案件 No cases').waitFor();
    expect(await page.locator('#view').textContent()).not.toContain('HT-loan-handed');
    expect(await page.locator('#view').innerHTML()).not.toContain(HANDED);
    await page.getByRole('link', { name: '集中立案 Court filing' }).click();
    await page.getByText('没有待立案的案件').waitFor();
    await page.getByText('还没有立案批次').waitFor();
    await page.goto(`${api.url}/#/cases/${HANDED}`);
    await expect.poll(async () => page.locator('#message').textContent()).toContain(`no case ${HANDED}`);
    expect(await page.locator('#view').textContent()).not.toContain('HT-loan-handed');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('a revoked token is signed out', async () => {
    const { page, problems, context } = await chromium.newPage();
    await signIn(page, api.url, api.tokens.legal);
    await sql`UPDATE principals SET revoked_at = now() WHERE id = ${api.principals.legal}::uuid`.execute(api.db);
    await expect
      .poll(async () => {
        await page.getByRole('link', { name: '逾期贷款 Overdue loans' }).click().catch(() => undefined);
        return page.locator('#message').textContent();
      }, { timeout: 10_000 })
      .toContain('令牌无效、已撤销或已过期');
    expect(await page.getByLabel('访问令牌 API token').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '退出 Sign out' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.length)).toBe(0);
    await checked(page, problems, 'signed-out');
    await context.close();
  }, 60_000);
});
