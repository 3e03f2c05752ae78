/**
 * The API's protections over the real HTTP server: request ids, error shape, JSON errors with
 * their position, body limits, unknown fields, secure headers, rate limits, no internals in
 * responses, and the published OpenAPI document and reference page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAccess } from '../../src/api/access.ts';
import { insertCaseRow, stateFingerprint } from '../support/api-fixtures.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { seedLender, seedLoan } from '../support/case-data.ts';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe('API hardening', () => {
  let api: ApiServer;
  const putLawFirm = (body: string, headers: Record<string, string> = {}) =>
    api.fetch('/v1/law-firms/firm-x', { method: 'PUT', token: api.tokens.legal, headers: { 'Content-Type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    api = await startApiServer({ env: { API_RATE_LIMIT_PER_SECOND: '1', API_RATE_LIMIT_BURST: '1000' } });
    await seedLender(api.db, 'lender-a');
    await seedLoan(api.db, api.store, { loanId: 'loan-1', lenderId: 'lender-a' });
    await insertCaseRow(api.db, { id: 'case-1', loanId: 'loan-1', lenderId: 'lender-a', lawFirmId: 'firm-a' });
  });
  afterAll(async () => api?.close());

  it('gives every response a request id, keeps a well-formed one from the caller, replaces a malformed one', async () => {
    for (const response of [await api.fetch('/healthz'), await api.fetch('/v1/cases'), await api.fetch('/no/such/route')]) {
      expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const kept = await api.fetch('/healthz', { headers: { 'X-Request-Id': 'trace-42_abc' } });
    expect(kept.headers.get('X-Request-Id')).toBe('trace-42_abc');
    const replaced = await api.fetch('/healthz', { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(replaced.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers errors in the one error shape, unknown routes included', async () => {
    const unknown = await api.fetch('/v1/nothing-here', { token: api.tokens.legal });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const noToken = await api.fetch('/v1/cases');
    expect([noToken.status, noToken.headers.get('WWW-Authenticate')]).toEqual([401, 'Bearer']);
    expect(((await noToken.json()) as ErrorBody).error.code).toBe('unauthorized');
    // HEAD is served by GET routes, and judged by the same rule.
    expect((await api.fetch('/v1/cases/case-1', { method: 'HEAD' })).status).toBe(401);
    expect((await api.fetch('/v1/cases/case-1', { method: 'HEAD', token: api.tokens.lawyerB })).status).toBe(404);
    const badToken = await api.fetch('/v1/cases', { token: 'le_legal_forged' });
    expect([badToken.status, ((await badToken.json()) as ErrorBody).error.code]).toEqual([401, 'unauthorized']);
  });

  it('names where malformed JSON breaks, and changes nothing', async () => {
    const before = await stateFingerprint(api.db);
    const body = '{"name": "律所",\n "licenseNumber": "x",}';
    const response = await putLawFirm(body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.code).toBe('invalid_json');
    // The trailing comma is fine; the '}' after it is where a property name was expected.
    const at = body.lastIndexOf('}');
    expect(error.message).toContain(`position ${at}`);
    expect(error.details).toEqual({ position: at, line: 2, column: at - body.indexOf('\n') });
    expect(await stateFingerprint(api.db)).toEqual(before);
  });

  it('refuses unknown fields, naming them', async () => {
    const response = await putLawFirm(JSON.stringify({ name: '律所', licenseNumber: 'L1', address: '北京', leadLawyer: '赵', isAdmin: true }));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.details).toEqual([{ path: '', message: expect.stringContaining('isAdmin') }]);
  });

  it('refuses bodies over 1 MB with 413, declared or streamed without a length', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024), licenseNumber: 'L', address: 'A', leadLawyer: 'B' });
    const declared = await putLawFirm(big);
    expect([declared.status, ((await declared.json()) as ErrorBody).error.code]).toEqual([413, 'payload_too_large']);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        controller.close();
      },
    });
    const streamed = await api.fetch('/v1/law-firms/firm-x', {
      method: 'PUT',
      token: api.tokens.legal,
      headers: { 'Content-Type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await api.fetch('/v1/law-firms/firm-x', { method: 'PUT', token: api.tokens.legal, headers: { 'Content-Type': 'text/plain' }, body: 'name=x' });
    expect([response.status, ((await response.json()) as ErrorBody).error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('sends secure headers and a CSP that allows only this origin', async () => {
    const response = await api.fetch('/');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('X-Powered-By')).toBeNull();
  });

  it('answers an internal failure with a bare 500: no stack, no SQL, no file paths', async () => {
    // A document whose file is missing from the store makes the download fail inside.
    await api.db
      .insertInto('documents')
      .values({ id: 'doc-lost', case_id: 'case-1', type: 'complaint', format: 'pdf', name: '民事起诉状', version: 1, sha256: 'a'.repeat(64), size: 10, storage_key: `sha256/aa/aa/${'a'.repeat(64)}` })
      .execute();
    const response = await api.fetch('/v1/cases/case-1/documents/doc-lost', { token: api.tokens.legal });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.stringContaining('X-Request-Id') } });
    expect(text).not.toMatch(/at .*\.ts|Error:|sha256\/|SELECT|postgres/i);
  });

  it('limits each principal\'s rate: 429 with Retry-After, other principals unaffected', async () => {
    const limited = await startApiServer({ env: { API_RATE_LIMIT_PER_SECOND: '0.5', API_RATE_LIMIT_BURST: '3' } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await limited.fetch('/v1/cases', { token: limited.tokens.legal });
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get('Retry-After');
          expect(((await response.json()) as ErrorBody).error.code).toBe('rate_limited');
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await limited.fetch('/v1/cases', { token: limited.tokens.lawyerA })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('publishes an OpenAPI document with every route, and a reference page listing them', async () => {
    const doc = (await (await api.fetch('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const apiRoutes = Object.keys(routeAccess).filter((key) => key.includes(' /v1/'));
    expect(documented.sort()).toEqual(apiRoutes.sort());
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['LoanSnapshot', 'Lender', 'LawFirm', 'CaseDetail', 'CaseEvent', 'Milestone', 'Error']));
    const page = await api.fetch('/docs');
    expect(page.headers.get('Content-Type')).toContain('text/html');
    const html = await page.text();
    for (const key of apiRoutes) expect(html).toContain(key.split(' ')[1]);
    expect(html).not.toMatch(/<script/i);
  });
});
