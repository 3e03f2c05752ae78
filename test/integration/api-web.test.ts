/**
 * The web pages over the real HTTP server: a shell with one same-origin script, and fragments
 * that show each principal what the JSON API shows them, masked, with every value escaped.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCaseRow, insertDocument, pdfBytes } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, FIRM_B, startApiServer } from '../support/api-server.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';

describe('web pages', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    for (const loanId of ['loan-1', 'loan-2']) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });
    await insertCaseRow(api.db, { id: 'case-1', loanId: 'loan-1', lenderId: 'lender-a', lawFirmId: FIRM_A, status: 'handed_off' });
    await insertCaseRow(api.db, { id: 'case-2', loanId: 'loan-2', lenderId: 'lender-a', lawFirmId: FIRM_B, status: 'in_litigation' });
    await insertDocument(api.db, api.store, { id: 'doc-1', caseId: 'case-1', type: 'complaint', format: 'pdf', name: '民事起诉状', bytes: await pdfBytes('c') });
    // Data that reached the database some other way than the API (which refuses markup) is still only text on the page.
    await sql`UPDATE borrowers SET name = '<img src=x onerror=alert(1)>王芳' WHERE id_number = '11010519491231002X'`.execute(api.db);
    await api.db
      .insertInto('case_events')
      .values({ case_id: 'case-1', type: 'dispute_raised', occurred_at: new Date(), actor: 'legal:<b>x</b>', data: JSON.stringify({ reason: '"><script>alert(2)</script>' }), idempotency_key: 'e1' })
      .execute();
  });
  afterAll(async () => api?.close());

  it('serves a shell whose only script is the same-origin app.js', async () => {
    const response = await api.fetch('/');
    expect(response.headers.get('Content-Type')).toContain('text/html');
    const html = await response.text();
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/ui/app.js">']);
    expect(html).toContain('id="sign-in-form"');
    const script = await api.fetch('/ui/app.js');
    expect(script.headers.get('Content-Type')).toContain('text/javascript');
    expect(await script.text()).toContain('sessionStorage');
    expect((await api.fetch('/ui/app.css')).headers.get('Content-Type')).toContain('text/css');
  });

  it('needs a token for the fragments', async () => {
    expect((await api.fetch('/ui/cases')).status).toBe(401);
    expect((await api.fetch('/ui/cases', { token: api.tokens.system })).status).toBe(403);
  });

  it('lists to a lawyer only their firm\'s cases, masked and escaped', async () => {
    const html = await (await api.fetch('/ui/cases', { token: api.tokens.lawyerA })).text();
    expect(html).toContain('href="#/cases/case-1"');
    expect(html).not.toContain('case-2');
    expect(html).toContain('110105********002X');
    expect(html).toContain('138****8000');
    expect(html).not.toContain('11010519491231002X');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;王芳');
    expect(html).not.toContain('name="lawFirmId"'); // the firm filter is the legal team's
  });

  it('shows the case page with timeline and download links, escaped, and audits the read', async () => {
    const response = await api.fetch('/ui/cases/case-1', { token: api.tokens.legal });
    const html = await response.text();
    expect(html).toContain('11010519491231002X');
    expect(html).toContain('href="/v1/cases/case-1/documents/doc-1" data-download');
    expect(html).toContain('href="/v1/cases/case-1/packet" data-download');
    expect(html).not.toMatch(/<script|<b>|<img/);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    await api.readAudit.written(); // reads are audited behind the response
    const audit = await api.db.selectFrom('audit_log').select(['action', 'request_id']).where('case_id', '=', 'case-1').execute();
    expect(audit).toEqual([{ action: 'case.read', request_id: response.headers.get('X-Request-Id') }]);
    expect((await api.fetch('/ui/cases/case-2', { token: api.tokens.lawyerA })).status).toBe(404);
  });
});
