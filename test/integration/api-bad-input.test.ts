/**
 * Bad input on every write route, over the real HTTP server: malformed JSON, wrong types, missing
 * and unknown fields, oversized bodies, markup and template injection. Each gets a clear error in
 * the API's shape and leaves every table exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCaseRow, signedHeaders, stateFingerprint } from '../support/api-fixtures.ts';
import { type ApiServer, FIRM_A, startApiServer, type Tokens } from '../support/api-server.ts';
import { overdueLoan, seedLender, seedLoan } from '../support/case-data.ts';
import { today } from '../../src/case/contract.ts';

interface WriteRoute {
  name: string;
  method: 'PUT' | 'POST';
  path: string;
  as: keyof Tokens | 'webhook';
  /** A valid body; the spoilers below each break one thing in it. */
  valid: () => Record<string, unknown>;
  /** A field that must be a string, for the wrong-type and injection cases (dotted path). */
  text: string;
  /** A required field. */
  required: string;
}

const loan = overdueLoan('lender-a', 'HT-BAD');
const routes: WriteRoute[] = [
  {
    name: 'PUT /v1/lenders/{id}', method: 'PUT', path: '/v1/lenders/lender-new', as: 'system', text: 'name', required: 'domicile',
    valid: () => ({ name: '示范消费金融', unifiedSocialCreditCode: '91110105MA01DEM01M', domicile: '北京市', legalRepresentative: '周明远' }),
  },
  { name: 'PUT /v1/loans/{id}', method: 'PUT', path: '/v1/loans/loan-new', as: 'system', text: 'borrower.name', required: 'schedule', valid: () => structuredClone(loan) as unknown as Record<string, unknown> },
  {
    name: 'PUT /v1/law-firms/{id}', method: 'PUT', path: '/v1/law-firms/firm-new', as: 'legal', text: 'leadLawyer', required: 'licenseNumber',
    valid: () => ({ name: '示范律所', licenseNumber: 'L-1', address: '北京市', leadLawyer: '赵' }),
  },
  {
    name: 'POST /v1/loans/{id}/contact-records', method: 'POST', path: '/v1/loans/loan-1/contact-records', as: 'system', text: 'records.0.outcome', required: 'records',
    valid: () => ({ records: [{ channel: 'phone', occurredAt: '2026-01-05T10:00:00+08:00', outcome: '承诺还款' }] }),
  },
  { name: 'POST /v1/escalations', method: 'POST', path: '/v1/escalations', as: 'legal', text: 'reason', required: 'loanId', valid: () => ({ loanId: 'loan-1', reason: '逾期' }) },
  {
    name: 'POST /v1/cases/{id}/events', method: 'POST', path: '/v1/cases/case-1/events', as: 'legal', text: 'reason', required: 'reason',
    valid: () => ({ type: 'dispute_raised', reason: '借款人对金额有异议' }),
  },
  { name: 'POST /v1/cases/{id}/handoff', method: 'POST', path: '/v1/cases/case-1/handoff', as: 'legal', text: 'lawFirmId', required: 'lawFirmId', valid: () => ({ lawFirmId: FIRM_A }) },
  {
    name: 'POST /v1/cases/{id}/milestones', method: 'POST', path: '/v1/cases/case-1/milestones', as: 'lawyerA', text: 'court', required: 'caseNumber',
    valid: () => ({ type: 'filed', court: '北京市朝阳区人民法院', caseNumber: '(2026)京0105民初1号', date: today() }),
  },
  {
    name: 'POST /v1/webhooks/collections', method: 'POST', path: '/v1/webhooks/collections', as: 'webhook', text: 'data.reason', required: 'data',
    valid: () => ({ type: 'escalation.requested', timestamp: new Date().toISOString(), data: { loanId: 'loan-1', reason: '逾期' } }),
  },
];

function set(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return target;
}

const spoilers: Array<[string, (route: WriteRoute) => string, number, string]> = [
  ['malformed JSON', (r) => JSON.stringify(r.valid()).slice(0, -1), 400, 'invalid_json'],
  ['a trailing comma', (r) => `${JSON.stringify(r.valid()).slice(0, -1)},}`, 400, 'invalid_json'],
  ['a number where text belongs', (r) => JSON.stringify(set(r.valid(), r.text, 12345)), 400, 'invalid_request'],
  ['a missing required field', (r) => JSON.stringify(set(r.valid(), r.required, undefined)), 400, 'invalid_request'],
  ['an unknown field', (r) => JSON.stringify({ ...r.valid(), extra: true }), 400, 'invalid_request'],
  ['a JSON array instead of an object', () => '[]', 400, 'invalid_request'],
  ['<script> in text', (r) => JSON.stringify(set(r.valid(), r.text, '<script>alert(1)</script>')), 400, 'invalid_request'],
  ['an HTML attribute injection', (r) => JSON.stringify(set(r.valid(), r.text, '" onmouseover="alert(1)" x=<')), 400, 'invalid_request'],
  ['a Mustache tag in text', (r) => JSON.stringify(set(r.valid(), r.text, '{{x}}')), 400, 'invalid_request'],
  ['a Mustache section in text', (r) => JSON.stringify(set(r.valid(), r.text, '{{#list}}{{/list}}')), 400, 'invalid_request'],
  ['a control character in text', (r) => JSON.stringify(set(r.valid(), r.text, 'a\u0000b')), 400, 'invalid_request'],
  ['a 2 MB body', (r) => JSON.stringify({ ...r.valid(), padding: 'x'.repeat(2 * 1024 * 1024) }), 413, 'payload_too_large'],
];

describe('bad input on every write route', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
    await seedLender(api.db, 'lender-a');
    await seedLoan(api.db, api.store, { loanId: 'loan-1', lenderId: 'lender-a' });
    await insertCaseRow(api.db, { id: 'case-1', loanId: 'loan-1', lenderId: 'lender-a', lawFirmId: FIRM_A, status: 'handed_off' });
  });
  afterAll(async () => api?.close());

  function send(route: WriteRoute, body: string): Promise<Response> {
    if (route.as === 'webhook') return api.fetch(route.path, { method: route.method, headers: signedHeaders(api.webhookSecret, body), body });
    return api.fetch(route.path, { method: route.method, token: api.tokens[route.as], headers: { 'Content-Type': 'application/json' }, body });
  }

  it.each(routes.flatMap((route) => spoilers.map(([what, spoil, status, code]) => [route.name, what, route, spoil, status, code] as const)))(
    '%s: %s',
    async (_, __, route, spoil, status, code) => {
      const before = await stateFingerprint(api.db);
      const response = await send(route, spoil(route));
      const body = (await response.json()) as { error: { code: string; message: string; details?: unknown } };
      expect([response.status, body.error.code], JSON.stringify(body)).toEqual([status, code]);
      expect(body.error.message.length).toBeGreaterThan(10);
      expect(JSON.stringify(body)).not.toMatch(/\bat .+\.ts:\d+|node_modules|SELECT |INSERT /);
      expect(await stateFingerprint(api.db)).toEqual(before);
    },
  );

  it('names the offending field of a wrong type, a missing field and an injection', async () => {
    const route = routes[1]!; // the loan snapshot: nested fields
    const wrongType = (await (await send(route, JSON.stringify(set(route.valid(), 'contract.termMonths', '12')))).json()) as { error: { details: Array<{ path: string }> } };
    expect(wrongType.error.details.map((d) => d.path)).toEqual(['contract.termMonths']);
    const missing = (await (await send(route, JSON.stringify(set(route.valid(), 'disbursement.amount', undefined)))).json()) as { error: { details: Array<{ path: string }> } };
    expect(missing.error.details.map((d) => d.path)).toEqual(['disbursement.amount']);
    const injected = (await (await send(route, JSON.stringify(set(route.valid(), 'schedule.0.dueDate', '{{x}}')))).json()) as { error: { details: Array<{ path: string }> } };
    expect(injected.error.details.map((d) => d.path)).toEqual(['schedule[0].dueDate']);
  });

  it('answers valid JSON that cannot be acted on with 422 or 409, changing nothing', async () => {
    await seedLoan(api.db, api.store, { loanId: 'loan-2', lenderId: 'lender-a' });
    await insertCaseRow(api.db, { id: 'case-closed', loanId: 'loan-2', lenderId: 'lender-a', status: 'closed_paid' });
    const cases: Array<[string, string, unknown, keyof Tokens, number, string]> = [
      ['POST', '/v1/escalations', { loanId: 'no-such-loan', reason: '逾期' }, 'legal', 422, 'loanId'],
      ['POST', '/v1/escalations', { loanId: 'loan-2', reason: '逾期', lawFirmId: 'no-such-firm' }, 'legal', 422, 'lawFirmId'],
      ['POST', '/v1/cases/case-1/handoff', { lawFirmId: 'no-such-firm' }, 'legal', 422, 'lawFirmId'],
      ['POST', '/v1/cases/case-closed/events', { type: 'withdrawn', reason: '撤回' }, 'legal', 409, ''],
      ['POST', '/v1/cases/no-such-case/events', { type: 'withdrawn', reason: '撤回' }, 'system', 404, ''],
    ];
    for (const [method, path, body, as, status, field] of cases) {
      const before = await stateFingerprint(api.db);
      const response = await api.fetch(path, { method, token: api.tokens[as], headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const payload = (await response.json()) as { error: { code: string; details?: Array<{ path: string }> } };
      expect([path, response.status], JSON.stringify(payload)).toEqual([path, status]);
      if (field !== '') expect(payload.error.details?.map((d) => d.path)).toEqual([field]);
      expect(await stateFingerprint(api.db)).toEqual(before);
    }
  });

  it('refuses bad contract uploads: not a PDF, another type, more than 20 MB', async () => {
    const upload = (body: Uint8Array, type: string) => api.fetch('/v1/loans/loan-1/contract', { method: 'POST', token: api.tokens.system, headers: { 'Content-Type': type }, body });
    for (const [body, type, status] of [
      [Buffer.from('<script>alert(1)</script>'), 'application/pdf', 422],
      [Buffer.from('%PDF-1.4 {{x}}'), 'application/pdf', 422],
      [Buffer.from('{"a":1}'), 'application/json', 415],
      [Buffer.alloc(21 * 1024 * 1024), 'application/pdf', 413],
    ] as const) {
      const before = await stateFingerprint(api.db);
      const response = await upload(body, type);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toEqual(expect.any(String));
      expect(await stateFingerprint(api.db)).toEqual(before);
    }
  });
});
