/**
 * Freezing a case's evidence bundle: once the evidence is complete for a lawsuit, its exhibits
 * (files in the content store, numbered in the courts' order) are written once to
 * evidence_bundles and never change, whatever the loan receives later; the packet and the
 * evidence list are built from this frozen list.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CompletenessIssue, EvidenceBundle, Exhibit } from '../domain/evidence.ts';
import { numberExhibits } from '../domain/exhibits.ts';
import { badData } from './failures.ts';

export async function freezeBundle(db: Kysely<Database>, caseId: string, issues: CompletenessIssue[]): Promise<EvidenceBundle> {
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
  const files = contract ? [{ kind: 'loan_contract' as const, pageCount: contract.page_count ?? 1, sha256: contract.sha256, storageKey: contract.storage_key }] : [];
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
  return row.bundle as EvidenceBundle;
}
