/**
 * Every metric the service exports, registered here and nowhere else (prom-client, one registry
 * per process). The API, the activities and the CLI record into them through the small functions
 * below; `GET /metrics` (src/metrics/endpoint.ts) renders the registry in Prometheus text.
 *
 * Labels are bounded: the route *pattern* (`/v1/cases/{caseId}`), never a raw path with ids; the
 * document type; an outcome. No personal data and no ids ever become a label.
 *
 * The Temporal worker's own metrics (task slots, poll latencies, workflow and activity counts)
 * come from the SDK's Rust core on a port of their own (TEMPORAL_METRICS_ADDRESS), see
 * src/temporal/worker.ts.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NotificationOutcome } from '../case/contract.ts';
import type { Database } from '../db/schema.ts';

export const registry = new Registry();
const PREFIX = 'legal_escalation_';
collectDefaultMetrics({ register: registry, prefix: PREFIX });

const httpRequests = new Counter({
  name: `${PREFIX}http_requests_total`,
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

const httpDuration = new Histogram({
  name: `${PREFIX}http_request_duration_seconds`,
  help: 'Time to answer an HTTP request (until the response starts), by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const documentsGenerated = new Counter({
  name: `${PREFIX}documents_generated_total`,
  help: 'Documents generated (each in PDF and DOCX), by document type',
  labelNames: ['type'] as const,
  registers: [registry],
});

const documentDuration = new Histogram({
  name: `${PREFIX}document_generation_seconds`,
  help: 'Time to render one document (both renderings, the wait for a render thread included), by document type; it is stored while others render',
  labelNames: ['type'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers: [registry],
});

const packetBytes = new Counter({
  name: `${PREFIX}packet_bytes_streamed_total`,
  help: 'Bytes of lawsuit packet ZIPs streamed to clients',
  registers: [registry],
});

const firmWebhookDeliveries = new Counter({
  name: `${PREFIX}firm_webhook_deliveries_total`,
  help: 'Signed handoff notifications sent to law firms, by outcome: delivered (2xx), failed (error or non-2xx; retried), no_webhook_url',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

let caseSource: Kysely<Database> | undefined;
new Gauge({
  name: `${PREFIX}cases`,
  help: 'Cases by status (the read model, counted at each scrape)',
  labelNames: ['status'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    if (caseSource === undefined) return;
    try {
      const rows = await caseSource.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
      for (const row of rows) this.set({ status: row.status }, Number(row.n));
    } catch {
      // Database unreachable: no series this scrape (up/readyz tell why), rather than a failed scrape.
    }
  },
});

let auditSource: { lagMs(): number } | undefined;
new Gauge({
  name: `${PREFIX}read_audit_lag_seconds`,
  help: 'Age of the oldest read audit row not yet written (0 when all are written); reads are refused beyond AUDIT_MAX_LAG_MS',
  registers: [registry],
  collect() {
    this.set((auditSource?.lagMs() ?? 0) / 1000);
  },
});

/** One answered request; `route` is the matched pattern (`/v1/cases/:caseId`), never the path. */
export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, seconds);
}

/** Times the generation of one document of `type`; counted when it succeeds. */
export async function timeDocumentGeneration<T>(type: string, work: () => Promise<T>): Promise<T> {
  const end = documentDuration.startTimer({ type });
  const result = await work();
  end();
  documentsGenerated.inc({ type });
  return result;
}

/** Counts the bytes of a packet as they are streamed; returns the same stream. */
export function countPacketBytes<S extends Readable>(stream: S): S {
  stream.on('data', (chunk: Buffer) => packetBytes.inc(chunk.length));
  return stream;
}

/** Counts a firm notification's outcome (delivered, or not sent for want of a webhook URL); returns it. */
export function firmWebhookOutcome(outcome: NotificationOutcome): NotificationOutcome {
  firmWebhookDeliveries.inc({ outcome: outcome.delivered ? 'delivered' : outcome.reason });
  return outcome;
}

/** Counts a failed firm notification (network error, timeout, non-2xx) and throws the error (the activity is retried). */
export function firmWebhookFailed(error: unknown): never {
  firmWebhookDeliveries.inc({ outcome: 'failed' });
  throw error;
}

/** Where the cases-by-status gauge counts from (the process's database). */
export function observeCases(db: Kysely<Database>): void {
  caseSource = db;
}

/** Where the audit-lag gauge reads from (the API's read audit trail). */
export function observeReadAudit(trail: { lagMs(): number }): void {
  auditSource = trail;
}
