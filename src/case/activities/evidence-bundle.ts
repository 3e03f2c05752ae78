/**
 * Freezing a case's evidence bundle: once the evidence is complete for a lawsuit, its exhibits
 * (files in the content store, numbered in the courts' order) are written once to
 * evidence_bundles and never change, whatever the loan receives later; the packet and the
 * evidence list are built from this frozen list.
 *
 * Exhibits: the signed contract as uploaded, and sheets generated here as PDF from the loan as it
 * stands when the bundle is frozen: the defendant's identity (被告身份信息), the disbursement record
 * (放款凭证), the repayment ledger (还款明细) and the contact record (催收记录, with the demands
 * delivered). Every file goes to the
 * content-addressed store; a retried activity finds the bundle already frozen and generates
 * nothing, and an attempt that died before the insert re-puts the same bytes (the creation date
 * is the bundle's as-of date) without duplicating anything.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CompletenessIssue, EvidenceBundle, Exhibit, ExhibitKind } from '../../domain/evidence.ts';
import { numberExhibits } from '../../domain/exhibits.ts';
import { type DeliveredDemand, EXHIBIT_DOCUMENTS, type ExhibitSource } from '../../documents/exhibits/index.ts';
import type { DocumentRenderer } from '../../documents/render-pool.ts';
import type { ContentStore } from '../../storage/index.ts';
import { chinaDate } from '../../domain/calendar.ts';
import { formatDate } from '../../documents/format.ts';
import { loadCaseFacts } from './case-facts.ts';
import { badData } from './failures.ts';

export interface BundleDeps {
  store: ContentStore;
  fontPath?: string;
  /** The sheets are rendered on worker threads (documentRenderer). */
  renderer: DocumentRenderer;
}

interface BundleFile {
  kind: ExhibitKind;
  pageCount: number;
  sha256: string;
  storageKey: string;
  name?: string;
}

const DemandDelivered = (data: unknown): DeliveredDemand | null => {
  const d = data as Partial<DeliveredDemand> | null;
  if (!d || typeof d.deliveredAt !== 'string' || typeof d.channel !== 'string') return null;
  return { deliveredAt: d.deliveredAt, channel: d.channel, ...(typeof d.trackingNumber === 'string' ? { trackingNumber: d.trackingNumber } : {}) };
};

/** What the generated sheets are made of, read once from the database. */
async function exhibitSource(db: Kysely<Database>, caseId: string, asOf: string): Promise<ExhibitSource> {
  const facts = await loadCaseFacts(db, caseId);
  const [lender, contacts, events] = await Promise.all([
    db.selectFrom('lenders').select('name').where('id', '=', facts.lenderId).executeTakeFirstOrThrow(),
    db
      .selectFrom('contact_records')
      .select(['occurred_at', 'channel', 'outcome', 'collector'])
      .where('loan_id', '=', facts.loanId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('case_events')
      .select(['type', 'occurred_at', 'data'])
      .where('case_id', '=', caseId)
      .where('type', 'in', ['demand_issued', 'demand_delivered'])
      .orderBy('id')
      .execute(),
  ]);
  let issuedOn: string | undefined;
  const demands: DeliveredDemand[] = [];
  for (const e of events) {
    if (e.type === 'demand_issued') issuedOn ??= (e.data as { issuedOn?: string } | null)?.issuedOn ?? chinaDate(e.occurred_at.getTime());
    else {
      const d = DemandDelivered(e.data);
      if (d) demands.push({ ...d, ...(issuedOn ? { issuedOn } : {}) });
    }
  }
  return {
    caseId,
    lenderName: lender.name,
    contractTitle: facts.loan.contract.title ?? '借款合同',
    loan: facts.loan,
    contacts: contacts.map((c) => ({
      occurredAt: new Date(c.occurred_at).toISOString(),
      channel: c.channel,
      outcome: c.outcome,
      collector: c.collector,
    })),
    demands,
    asOf,
  };
}

async function generatedExhibits(db: Kysely<Database>, deps: BundleDeps, caseId: string, asOf: string): Promise<BundleFile[]> {
  const source = await exhibitSource(db, caseId, asOf);
  const pdf = { ...(deps.fontPath ? { fontPath: deps.fontPath } : {}), creationDate: new Date(`${asOf}T00:00:00+08:00`) };
  const files: BundleFile[] = [];
  for (const def of EXHIBIT_DOCUMENTS) {
    if (def.kind === 'contact_record' && source.contacts.length === 0 && source.demands.length === 0) continue;
    let rendered;
    try {
      rendered = await deps.renderer.renderExhibit(def.kind, source, pdf);
    } catch (error) {
      throw badData(`the ${def.kind} exhibit cannot be generated: ${error instanceof Error ? error.message : String(error)}`);
    }
    const stored = await deps.store.put(rendered.pdf.bytes);
    files.push({ kind: def.kind, pageCount: rendered.pdf.pages, sha256: stored.sha256, storageKey: stored.key });
  }
  return files;
}

/** The lender's business licence copy as uploaded (its exhibit PDF). */
async function licenceExhibit(db: Kysely<Database>, caseId: string): Promise<BundleFile[]> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
    .select('lenders.business_licence')
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const licence = row.business_licence;
  if (licence === null) return [];
  return [{ kind: 'lender_licence', pageCount: licence.pages, sha256: licence.pdfSha256, storageKey: licence.pdfKey, name: '原告营业执照（副本）' }];
}

const CHANNEL_TEXT: Record<string, string> = { ems: 'EMS', email: '电子邮件', sms: '短信', in_person: '直接送达', app: '应用内消息' };

/**
 * The demand letter as issued, with its delivery (channel, tracking number, date) in the exhibit's
 * name: the proof that the demand, and an acceleration it declared, reached the borrower.
 */
async function demandExhibit(db: Kysely<Database>, caseId: string): Promise<BundleFile[]> {
  const [letter, delivered] = await Promise.all([
    db
      .selectFrom('documents')
      .select(['sha256', 'storage_key', 'pages', 'type'])
      .where('case_id', '=', caseId)
      .where('type', 'in', ['demand_letter', 'lawyer_letter'])
      .where('format', '=', 'pdf')
      .orderBy('created_at')
      .executeTakeFirst(),
    db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'demand_delivered').orderBy('id').executeTakeFirst(),
  ]);
  const delivery = delivered ? DemandDelivered(delivered.data) : null;
  if (!letter || !delivery) return [];
  const how = `${CHANNEL_TEXT[delivery.channel] ?? delivery.channel}${delivery.trackingNumber ? `，运单号${delivery.trackingNumber}` : ''}`;
  const what = letter.type === 'lawyer_letter' ? '律师函' : '催收函';
  return [{ kind: 'demand_delivery', pageCount: letter.pages ?? 1, sha256: letter.sha256, storageKey: letter.storage_key, name: `${what}及送达凭证（${how}，${formatDate(delivery.deliveredAt)}送达）` }];
}

export async function freezeBundle(db: Kysely<Database>, deps: BundleDeps, caseId: string, asOf: string, issues: CompletenessIssue[]): Promise<EvidenceBundle> {
  // Frozen once: a retry or a later check returns the bundle already used.
  const existing = await db.selectFrom('evidence_bundles').select('bundle').where('case_id', '=', caseId).executeTakeFirst();
  if (existing) return existing.bundle;
  const kase = await db
    .selectFrom('cases')
    .innerJoin('loans', 'loans.id', 'cases.loan_id')
    .select(['cases.loan_id', 'loans.snapshot_sha256'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const contract = await db
    .selectFrom('contract_files')
    .select(['sha256', 'storage_key', 'page_count'])
    .where('loan_id', '=', kase.loan_id)
    .orderBy('uploaded_at', 'desc')
    .executeTakeFirst();
  const { loan } = await loadCaseFacts(db, caseId);
  const title = loan.contract.title;
  const files: BundleFile[] = contract
    ? [
        {
          kind: 'loan_contract',
          pageCount: contract.page_count ?? 1,
          sha256: contract.sha256,
          storageKey: contract.storage_key,
          ...(title ? { name: `《${title}》${loan.contract.onlineSigned ? '（电子签名记录）' : ''}` } : {}),
        },
      ]
    : [];
  files.push(...(await licenceExhibit(db, caseId)), ...(await demandExhibit(db, caseId)));
  files.push(...(await generatedExhibits(db, deps, caseId, asOf)));
  const exhibits: Exhibit[] = numberExhibits(files).map((e) => ({
    number: e.number,
    kind: e.kind,
    name: e.name,
    source: e.source,
    purpose: e.purpose,
    pages: e.pages,
    original: e.original,
    sha256: e.sha256,
    storageKey: e.storageKey,
    mediaType: 'application/pdf',
    pageCount: e.pageCount,
  }));
  const frozenAt = new Date().toISOString();
  const bundle: EvidenceBundle = { caseId, loanId: kase.loan_id, frozenAt, exhibits, issues };
  await db
    .insertInto('evidence_bundles')
    .values({ case_id: caseId, frozen_at: frozenAt, loan_snapshot_sha256: kase.snapshot_sha256, bundle: JSON.stringify(bundle) })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
  return frozenBundle(db, caseId);
}

export async function frozenBundle(db: Kysely<Database>, caseId: string): Promise<EvidenceBundle> {
  const row = await db.selectFrom('evidence_bundles').select('bundle').where('case_id', '=', caseId).executeTakeFirst();
  if (!row) throw badData(`case ${caseId} has no frozen evidence bundle`);
  return row.bundle;
}
