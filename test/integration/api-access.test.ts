/**
 * Who may do what, over the real HTTP server with a real worker behind the case commands: every
 * route × every role (no token, legal, system, a lawyer of firm A, a lawyer of firm B), expected
 * outcomes written from product.md (not read from the service's own table). A lawyer asking for
 * another firm's case, document or packet gets 404, never 403. Also: masking, audit, revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../src/auth/tokens.ts';
import { insertDocument, pdfBytes } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, FIRM_B, startApiServer, type Tokens } from '../support/api-server.ts';
import { overdueLoan, seedLender, seedLoan } from '../support/case-data.ts';
import { waitForCase } from '../support/cases.ts';
import { today } from '../../src/case/contract.ts';

type Who = 'none' | keyof Tokens;
type Role = 'legal' | 'system' | 'lawyer';

interface Call {
  name: string;
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: () => unknown | Promise<unknown>;
  contentType?: string;
  /** Roles product.md lets through. */
  roles: Role[];
  /** A route about case A: a lawyer of firm B must get 404. */
  caseA?: boolean;
  /** Statuses of an accepted call (the first caller may create, the next find it unchanged). */
  ok: number[];
}

const CASE_A = 'loan-a-1';
const CASE_B = 'loan-b-1';
const CASE_C = 'loan-c-1';
const DOC_A = 'doc-a-complaint';
const DOC_B = 'doc-b-complaint';

describe('access: role × route', () => {
  let api: ApiServer;
  const json = (token: string, method: string, path: string, body: unknown) =>
    api.fetch(path, { method, token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    api = await startApiServer({ worker: true });
    await seedLender(api.db, 'lender-a');
    for (const loanId of ['loan-a', 'loan-b', 'loan-c']) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });

    const escalations = [
      { loanId: 'loan-a', reason: '逾期九期', lawFirmId: FIRM_A, responseDays: 0 },
      { loanId: 'loan-b', reason: '逾期九期', lawFirmId: FIRM_B, responseDays: 0 },
      { loanId: 'loan-c', reason: '逾期九期', responseDays: 90 },
    ];
    for (const request of escalations) {
      const response = await json(api.tokens.legal, 'POST', '/v1/escalations', request);
      expect([response.status, await response.json()]).toEqual([202, { caseId: `${request.loanId}-1`, status: 'assembling_evidence' }]);
    }
    // responseDays 0: the demand period ran elsewhere, so A and B go on to the packet and their firms.
    await waitForCase(api.db, CASE_A, 'handed_off');
    await waitForCase(api.db, CASE_B, 'handed_off');
    // C stays without a firm: a dispute holds it before its demand window (90 case days, 18 s here) could run out.
    await waitForCase(api.db, CASE_C, 'demand_issued');
    const disputed = await json(api.tokens.legal, 'POST', `/v1/cases/${CASE_C}/events`, { type: 'dispute_raised', reason: '借款人对罚息金额有异议' });
    expect([disputed.status, await disputed.json()]).toEqual([202, { caseId: CASE_C, status: 'on_hold' }]);
    await insertDocument(api.db, api.store, { id: DOC_A, caseId: CASE_A, type: 'complaint', format: 'pdf', name: '民事起诉状（测试A）', bytes: await pdfBytes('complaint A') });
    await insertDocument(api.db, api.store, { id: DOC_B, caseId: CASE_B, type: 'complaint', format: 'pdf', name: '民事起诉状（测试B）', bytes: await pdfBytes('complaint B') });
  }, 120_000);
  afterAll(async () => api?.close());

  const lender = { name: '示范消费金融', unifiedSocialCreditCode: '91110105MA01DEM01M', domicile: '北京市', legalRepresentative: '周明远' };
  const calls: Call[] = [
    { name: 'upsert lender', method: 'PUT', path: '/v1/lenders/lender-m', body: () => lender, roles: ['system'], ok: [200, 201] },
    { name: 'upsert loan', method: 'PUT', path: '/v1/loans/loan-m', body: () => overdueLoan('lender-a', 'HT-M'), roles: ['system'], ok: [200, 201] },
    { name: 'upsert law firm', method: 'PUT', path: '/v1/law-firms/firm-m', body: () => ({ name: '示范律所', licenseNumber: 'L-M', address: '北京市', leadLawyer: '赵' }), roles: ['legal'], ok: [200, 201] },
    { name: 'upload contract', method: 'POST', path: '/v1/loans/loan-a/contract', body: () => pdfBytes('contract'), contentType: 'application/pdf', roles: ['system'], ok: [200, 201] },
    { name: 'contact records', method: 'POST', path: '/v1/loans/loan-a/contact-records', body: () => ({ records: [{ channel: 'sms', occurredAt: '2026-01-01T10:00:00+08:00', outcome: '提醒' }] }), roles: ['system'], ok: [200] },
    { name: 'list overdue loans', method: 'GET', path: '/v1/loans', roles: ['legal'], ok: [200] },
    { name: 'read loan', method: 'GET', path: '/v1/loans/loan-a', roles: ['legal'], ok: [200] },
    { name: 'escalate', method: 'POST', path: '/v1/escalations', body: () => ({ loanId: 'loan-a', reason: '再次升级' }), roles: ['legal'], ok: [202] },
    { name: 'list cases', method: 'GET', path: '/v1/cases', roles: ['legal', 'lawyer'], ok: [200] },
    { name: 'read case', method: 'GET', path: `/v1/cases/${CASE_A}`, roles: ['legal', 'lawyer'], caseA: true, ok: [200] },
    { name: 'record event', method: 'POST', path: `/v1/cases/${CASE_A}/events`, body: () => ({ type: 'demand_delivered', deliveredAt: today(), channel: 'email' }), roles: ['legal', 'system'], caseA: true, ok: [202] },
    { name: 'hand off', method: 'POST', path: `/v1/cases/${CASE_A}/handoff`, body: () => ({ lawFirmId: FIRM_A }), roles: ['legal'], caseA: true, ok: [202] },
    { name: 'report milestone', method: 'POST', path: `/v1/cases/${CASE_A}/milestones`, body: () => ({ type: 'filed', court: '北京市朝阳区人民法院', caseNumber: '(2026)京0105民初1号', date: today() }), roles: ['lawyer'], caseA: true, ok: [202] },
    { name: 'download document', method: 'GET', path: `/v1/cases/${CASE_A}/documents/${DOC_A}`, roles: ['legal', 'lawyer'], caseA: true, ok: [200] },
    { name: 'download packet', method: 'GET', path: `/v1/cases/${CASE_A}/packet`, roles: ['legal', 'lawyer'], caseA: true, ok: [200] },
    { name: 'upload court paper', method: 'POST', path: `/v1/cases/${CASE_A}/court-papers?kind=judgment&title=${encodeURIComponent('（2026）京0105民初1号')}`, body: () => pdfBytes('判决书'), contentType: 'application/pdf', roles: ['lawyer'], caseA: true, ok: [200, 201] },
    { name: 'analytics', method: 'GET', path: '/v1/analytics', roles: ['legal'], ok: [200] },
    { name: 'web loan list', method: 'GET', path: '/ui/loans', roles: ['legal'], ok: [200] },
    { name: 'web dashboard', method: 'GET', path: '/ui/dashboard', roles: ['legal'], ok: [200] },
    { name: 'query audit', method: 'GET', path: '/v1/audit', roles: ['legal'], ok: [200] },
    { name: 'web case list', method: 'GET', path: '/ui/cases', roles: ['legal', 'lawyer'], ok: [200] },
    { name: 'web court filing', method: 'GET', path: '/ui/filing', roles: ['legal', 'lawyer'], ok: [200] },
    { name: 'web case page', method: 'GET', path: `/ui/cases/${CASE_A}`, roles: ['legal', 'lawyer'], caseA: true, ok: [200] },
  ];
  const everyone: Who[] = ['none', 'legal', 'system', 'lawyerA', 'lawyerB'];
  const roleOf = (who: Exclude<Who, 'none'>): Role => (who === 'lawyerA' || who === 'lawyerB' ? 'lawyer' : who);

  function expected(call: Call, who: Who): number[] {
    if (who === 'none') return [401];
    if (!call.roles.includes(roleOf(who))) return [403];
    if (call.caseA && who === 'lawyerB') return [404];
    return call.ok;
  }

  it.each(calls.flatMap((call) => everyone.map((who) => [call.name, who, call] as const)))('%s as %s', async (_, who, call) => {
    const body = call.body ? await call.body() : undefined;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = call.contentType ?? 'application/json';
    const response = await api.fetch(call.path, {
      method: call.method,
      headers,
      ...(who === 'none' ? {} : { token: api.tokens[who] }),
      ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(expected(call, who), `${response.status} ${text.slice(0, 300)}`).toContain(response.status);
    if (response.status >= 400) expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('leaves a lawyer of firm A nothing of firm B\'s case: case, document, packet, page, milestone are all 404', async () => {
    const token = api.tokens.lawyerA;
    const asA = (path: string) => api.fetch(path, { token });
    for (const path of [`/v1/cases/${CASE_B}`, `/v1/cases/${CASE_B}/documents/${DOC_B}`, `/v1/cases/${CASE_B}/packet`, `/ui/cases/${CASE_B}`, `/v1/cases/${CASE_A}/documents/${DOC_B}`]) {
      const response = await asA(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    const milestone = await json(token, 'POST', `/v1/cases/${CASE_B}/milestones`, { type: 'closed', date: today() });
    expect(milestone.status).toBe(404);
    // Unknown and invisible look the same.
    const unknown = await asA('/v1/cases/no-such-case');
    const invisible = await asA(`/v1/cases/${CASE_B}`);
    expect([unknown.status, invisible.status]).toEqual([404, 404]);
  });

  it('lists to each lawyer only the cases of their firm, and filters do not widen that', async () => {
    const ids = async (token: string, query = '') => ((await (await api.fetch(`/v1/cases${query}`, { token })).json()) as { cases: Array<{ id: string }> }).cases.map((c) => c.id).sort();
    expect(await ids(api.tokens.legal)).toEqual([CASE_A, CASE_B, CASE_C]);
    expect(await ids(api.tokens.lawyerA)).toEqual([CASE_A]);
    expect(await ids(api.tokens.lawyerB)).toEqual([CASE_B]);
    expect(await ids(api.tokens.lawyerA, `?lawFirmId=${FIRM_B}`)).toEqual([]);
    expect(await ids(api.tokens.legal, `?lawFirmId=${FIRM_B}`)).toEqual([CASE_B]);
    expect(await ids(api.tokens.legal, '?status=on_hold')).toEqual([CASE_C]);
  });

  it('masks ID numbers and phones in lists; shows them in full in the case file to legal and the firm\'s lawyer', async () => {
    const list = (await (await api.fetch('/v1/cases', { token: api.tokens.legal })).json()) as { cases: Array<{ borrower: Record<string, unknown> }> };
    for (const c of list.cases) expect(c.borrower).toEqual({ name: '王芳', idNumber: '110105********002X', phone: '138****8000' });
    expect(JSON.stringify(list)).not.toContain('11010519491231002X');
    for (const token of [api.tokens.legal, api.tokens.lawyerA]) {
      const detail = (await (await api.fetch(`/v1/cases/${CASE_A}`, { token })).json()) as { borrower: Record<string, unknown> };
      expect(detail.borrower).toEqual({ name: '王芳', idNumber: '11010519491231002X', phone: '13800138000', address: '北京市朝阳区建国路88号' });
    }
    const page = await (await api.fetch('/ui/cases', { token: api.tokens.legal })).text();
    expect(page).toContain('110105********002X');
    expect(page).not.toContain('11010519491231002X');
  });

  it('moves a handed-off case between firms\' views when the legal team reassigns it', async () => {
    const response = await json(api.tokens.legal, 'POST', `/v1/cases/${CASE_B}/handoff`, { lawFirmId: FIRM_A });
    expect(response.status).toBe(202);
    await waitForCase(api.db, CASE_B, (row) => row.law_firm_id === FIRM_A);
    expect((await api.fetch(`/v1/cases/${CASE_B}`, { token: api.tokens.lawyerA })).status).toBe(200);
    expect((await api.fetch(`/v1/cases/${CASE_B}`, { token: api.tokens.lawyerB })).status).toBe(404);
    expect((await api.fetch(`/v1/cases/${CASE_B}/documents/${DOC_B}`, { token: api.tokens.lawyerB })).status).toBe(404);
  });

  it('audits reads, downloads, events and milestones with who, when, what and from where; only legal may query it', async () => {
    const since = new Date().toISOString();
    const read = await api.fetch(`/v1/cases/${CASE_A}`, { token: api.tokens.lawyerA });
    const requestId = read.headers.get('X-Request-Id');
    const download = await api.fetch(`/v1/cases/${CASE_A}/documents/${DOC_A}`, { token: api.tokens.lawyerA });
    await download.arrayBuffer();

    const query = `/v1/audit?caseId=${CASE_A}&principalId=${api.principals.lawyerA}&from=${encodeURIComponent(since)}`;
    const audit = (await (await api.fetch(query, { token: api.tokens.legal })).json()) as { entries: Array<Record<string, unknown>> };
    expect(audit.entries.map((e) => e.action)).toEqual(['document.download', 'case.read']);
    expect(audit.entries[1]).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      principalId: api.principals.lawyerA,
      role: 'lawyer',
      action: 'case.read',
      caseId: CASE_A,
      resource: `case/${CASE_A}`,
      ip: '127.0.0.1',
      requestId,
      details: null,
    });
    expect(audit.entries[0]).toMatchObject({ resource: `case/${CASE_A}/document/${DOC_A}`, details: { type: 'complaint', format: 'pdf', notModified: false } });

    const all = (await (await api.fetch(`/v1/audit?caseId=${CASE_A}&limit=1000`, { token: api.tokens.legal })).json()) as { entries: Array<{ action: string; role: string }> };
    const actions = new Set(all.entries.map((e) => e.action));
    for (const action of ['case.escalate', 'case.event', 'case.milestone', 'case.handoff', 'packet.download']) expect(actions).toContain(action);

    const badRange = await api.fetch(`/v1/audit?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(since)}`, { token: api.tokens.legal });
    expect(badRange.status).toBe(400);
  });

  it('refuses a revoked token with 401 as soon as the revocation is committed', async () => {
    const { createToken } = await import('../../src/auth/tokens.ts');
    const { token, principalId } = await createToken(api.db, { role: 'legal', name: 'to be revoked' });
    expect((await api.fetch('/v1/cases', { token })).status).toBe(200); // now held in the API's memory
    expect(await revokeToken(api.db, principalId)).toBe(true);
    // The API hears of the revocation by notification: within milliseconds, so a second is ample.
    await expect.poll(async () => (await api.fetch('/v1/cases', { token })).status, { timeout: 1_000, interval: 10 }).toBe(401);
    const response = await api.fetch('/v1/cases', { token });
    expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([401, 'unauthorized']);
  });
});
