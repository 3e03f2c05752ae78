/**
 * `GET /metrics` after a case has run, over the real API server with a real worker in the same
 * process (as `npm start` runs them): requests by route pattern and status, cases by status,
 * documents generated and their time by type, packet bytes streamed, firm webhook deliveries and
 * failures, audit lag. Only a scraper holding METRICS_TOKEN may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRoutes } from '../../src/metrics/endpoint.ts';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { seedLawFirm, seedLender, seedLoan } from '../support/case-data.ts';
import { waitForCase, waitForEvent } from '../support/cases.ts';
import { type FirmWebhook, startFirmWebhook } from '../support/firm-webhook.ts';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one series (`name{labels}`) in Prometheus text, or undefined if absent. */
function series(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('metrics', () => {
  let api: ApiServer;
  let firm: FirmWebhook;
  let caseId = '';
  let packetBytes = 0;

  beforeAll(async () => {
    api = await startApiServer({ worker: true, env: { METRICS_TOKEN } });
    firm = await startFirmWebhook();
    firm.secret = (await seedLawFirm(api.db, 'firm-m', firm.url)).secret;
    firm.refuseNext = 1; // the first notification fails (503) and is retried
    await seedLender(api.db, 'lender-m');
    await seedLoan(api.db, api.store, { loanId: 'loan-m', lenderId: 'lender-m' });
    const escalated = await api.fetch('/v1/escalations', {
      method: 'POST',
      token: api.tokens.legal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loanId: 'loan-m', reason: '逾期九期', lawFirmId: 'firm-m', responseDays: 0 }),
    });
    expect(escalated.status).toBe(202);
    caseId = ((await escalated.json()) as { caseId: string }).caseId;
    // Generous waits: document generation is CPU-bound, and slow on a loaded machine.
    await waitForCase(api.db, caseId, 'handed_off', 120_000);
    await waitForEvent(api.db, caseId, 'firm_notified', 1, 60_000);
    const packet = await api.fetch(`/v1/cases/${caseId}/packet`, { token: api.tokens.legal });
    expect(packet.status).toBe(200);
    packetBytes = (await packet.arrayBuffer()).byteLength;
    expect((await api.fetch(`/v1/cases/${caseId}`, { token: api.tokens.legal })).status).toBe(200);
    expect((await api.fetch(`/v1/cases/${caseId}`, { token: 'le_legal_wrong' })).status).toBe(401);
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    await firm?.close();
  });

  it('are refused without the metrics token, and off without METRICS_TOKEN', async () => {
    for (const token of [undefined, api.tokens.legal, 'not-the-metrics-token']) {
      const response = await api.fetch('/metrics', { token });
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).toBe('Bearer');
    }
    const off = await metricsRoutes(undefined).request('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect([off.status, await off.json()]).toEqual([404, { error: { code: 'not_found', message: 'metrics are off: set METRICS_TOKEN to serve them' } }]);
  });

  it('show what the case did, labelled by route pattern, never by id', async () => {
    const response = await api.fetch('/metrics', { token: METRICS_TOKEN });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const m = (name: string) => series(text, `legal_escalation_${name}`);

    expect(m('http_requests_total{method="POST",route="/v1/escalations",status="202"}')).toBe(1);
    expect(m('http_requests_total{method="GET",route="/v1/cases/:caseId/packet",status="200"}')).toBe(1);
    expect(m('http_requests_total{method="GET",route="/v1/cases/:caseId",status="200"}')).toBe(1);
    expect(m('http_requests_total{method="GET",route="/v1/cases/:caseId",status="401"}')).toBe(1);
    expect(m('http_request_duration_seconds_count{method="GET",route="/v1/cases/:caseId/packet",status="200"}')).toBe(1);
    expect(m('http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/v1/escalations",status="202"}')).toBe(1);
    expect(text).not.toContain(caseId);

    expect(m('cases{status="handed_off"}')).toBe(1);
    // The 欠款计算明细 is made twice: enclosed with the demand letter, and for the lawsuit.
    const generated = { demand_letter: 1, complaint: 1, claim_calculation: 2, power_of_attorney: 1, evidence_list: 1 };
    for (const [type, times] of Object.entries(generated)) {
      expect([type, m(`documents_generated_total{type="${type}"}`)]).toEqual([type, times]);
      expect(m(`document_generation_seconds_count{type="${type}"}`)).toBe(times);
      expect(m(`document_generation_seconds_sum{type="${type}"}`)).toBeGreaterThan(0);
    }
    expect(m('packet_bytes_streamed_total')).toBe(packetBytes);
    expect(m('firm_webhook_deliveries_total{outcome="failed"}')).toBe(1);
    // Every notification the firm acknowledged (2xx) counts as delivered; the one refused with 503 as failed.
    expect(m('firm_webhook_deliveries_total{outcome="delivered"}')).toBe(firm.deliveries.length - 1);
    expect(firm.deliveries.length).toBeGreaterThanOrEqual(2);
    expect(m('read_audit_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(m('process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
