/**
 * Data and checks the API suites share: a fingerprint of every table a request could change (to
 * prove a refused request changed nothing), Standard Webhooks signatures computed from the spec
 * with node:crypto (independently of the package the service verifies with), and read-model rows
 * for suites that test routes refusing before any workflow is involved.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import PDFDocument from 'pdfkit';
import { today } from '../../src/case/contract.ts';
import type { Case, Database, DocumentRow } from '../../src/db/schema.ts';
import { calculateClaim } from '../../src/domain/claim-calculation.ts';
import type { ClaimCalculation } from '../../src/domain/claim.ts';
import { DEFAULT_INTEREST_CAP } from '../../src/domain/interest-cap.ts';
import type { LoanSnapshot } from '../../src/domain/loan-snapshot.ts';
import type { ContentStore } from '../../src/storage/index.ts';

const STATE_TABLES = [
  'lenders', 'law_firms', 'borrowers', 'loans', 'schedule_entries', 'payments', 'contract_files', 'contact_records',
  'cases', 'case_events', 'evidence_bundles', 'documents', 'processed_webhooks', 'audit_log',
] as const;

/** Row count and content hash of every table of business state (principals excluded: authenticating touches last_used_at). */
export async function stateFingerprint(db: Kysely<Database>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of STATE_TABLES) {
    const { rows } = await sql<{ n: string; digest: string | null }>`
      SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${sql.table(table)} t`.execute(db);
    out[table] = `${rows[0]?.n}:${rows[0]?.digest ?? '-'}`;
  }
  return out;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by the secret's base64 bytes (Standard Webhooks). */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signedHeaders(secrets: string | string[], body: string, options: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const all = Array.isArray(secrets) ? secrets : [secrets];
  return {
    'Content-Type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': all.map((s) => signature(s, id, timestamp, body)).join(' '),
  };
}

export function pdfBytes(text: string, pages = 1): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let i = 0; i < pages; i++) {
      if (i > 0) doc.addPage();
      doc.text(`${text} page ${i + 1}`);
    }
    doc.end();
  });
}

/** A case as the workflow would have left it in the read model (no workflow behind it). */
export async function insertCaseRow(
  db: Kysely<Database>,
  row: { id: string; loanId: string; lenderId: string; lawFirmId?: string | null; status?: Case['status'] },
): Promise<string> {
  await db
    .insertInto('cases')
    .values({
      id: row.id,
      loan_id: row.loanId,
      lender_id: row.lenderId,
      law_firm_id: row.lawFirmId ?? null,
      workflow_id: `test-${row.id}`,
      status: row.status ?? 'demand_issued',
      reason: '逾期',
      response_days: 15,
      escalated_by: 'legal:test',
    })
    .execute();
  return row.id;
}

/** Stores bytes and lists them as a document of the case, as the document activities do. */
export async function insertDocument(
  db: Kysely<Database>,
  store: ContentStore,
  doc: { id: string; caseId: string; type: DocumentRow['type']; format: DocumentRow['format']; name: string; bytes: Uint8Array; pages?: number },
): Promise<{ sha256: string; size: number }> {
  const stored = await store.put(doc.bytes);
  await db
    .insertInto('documents')
    .values({
      id: doc.id,
      case_id: doc.caseId,
      type: doc.type,
      format: doc.format,
      name: doc.name,
      version: 1,
      template_name: doc.type,
      template_version: 'test',
      sha256: stored.sha256,
      size: stored.size,
      pages: doc.pages ?? null,
      storage_key: stored.key,
    })
    .execute();
  return { sha256: stored.sha256, size: stored.size };
}

/**
 * A case handed off to a firm, as the workflow leaves it when its lawsuit documents are ready: its
 * claim calculated by the domain's calculation, a complaint, and the `handed_off` event a filing
 * batch looks for. Returns the claim.
 */
export async function insertHandedOffCase(
  db: Kysely<Database>,
  store: ContentStore,
  c: { caseId: string; loanId: string; lenderId: string; lawFirmId: string; snapshot: LoanSnapshot },
): Promise<ClaimCalculation> {
  await insertCaseRow(db, { id: c.caseId, loanId: c.loanId, lenderId: c.lenderId, lawFirmId: c.lawFirmId, status: 'handed_off' });
  const claim = calculateClaim(c.snapshot, today(), { cap: DEFAULT_INTEREST_CAP });
  await db.updateTable('cases').set({ claim: JSON.stringify(claim), claim_total_fen: claim.totals.totalFen, claim_as_of: claim.asOf }).where('id', '=', c.caseId).execute();
  await insertDocument(db, store, { id: `${c.caseId}-complaint`, caseId: c.caseId, type: 'complaint', format: 'pdf', name: '民事起诉状', bytes: await pdfBytes(`起诉状 ${c.caseId}`), pages: 1 });
  await db
    .insertInto('case_events')
    .values({ case_id: c.caseId, type: 'handed_off', occurred_at: new Date(), actor: 'system', data: JSON.stringify({ lawFirmId: c.lawFirmId }), idempotency_key: `${c.caseId}#handoff` })
    .execute();
  return claim;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
