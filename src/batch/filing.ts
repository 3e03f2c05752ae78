/**
 * Court filing batches: a set of handed-off cases grouped by receiving court (the jurisdiction
 * rule the complaint uses: contract clause, the lender's internet court, else the borrower's
 * domicile), stored with the court of each case so that every download of the batch shows the
 * same grouping. The archives themselves are streamed on request (src/api/cases/filing-archive.ts).
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import type { ElementTableCase } from '../documents/element-table.ts';
import { competentCourt, type JurisdictionBasis } from '../domain/jurisdiction.ts';
import { LoanSnapshot } from '../domain/loan-snapshot.ts';
import { Unprocessable } from '../intake/errors.ts';

/** Most cases one filing batch takes. */
export const MAX_FILING_CASES = 5_000;
const CHUNK = 500;

export const FilingBatchRequest = z.strictObject({
  lawFirmId: z.string().min(1).max(64).optional(),
  caseIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_FILING_CASES).optional(),
});
export type FilingBatchRequest = z.infer<typeof FilingBatchRequest>;

/** Who asks: the legal team (any firm), or a lawyer bound to their firm. */
export interface FilingRequester {
  requestedBy: string;
  /** Set for a lawyer: only this firm's handed-off cases. */
  ownFirmId: string | null;
}

export interface CourtArchiveRef {
  court: string;
  cases: number;
  /** 1-based number of the court within the batch (courts in name order): the archive's address. */
  archive: number;
}

interface Jurisdictional {
  caseId: string;
  court: string | null;
  basis: JurisdictionBasis;
  article: string;
}

/** The parts of the stored (already validated) snapshot a filing needs; the rest is left unread. */
const LoanParties = LoanSnapshot.pick({ borrower: true, contract: true, disbursement: true }).loose();

async function jurisdictionOf(db: Kysely<Database>, caseIds: readonly string[]): Promise<Map<string, Jurisdictional>> {
  const out = new Map<string, Jurisdictional>();
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('cases')
      .innerJoin('loans', 'loans.id', 'cases.loan_id')
      .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
      .select(['cases.id', 'loans.snapshot', 'lenders.internet_court'])
      .where('cases.id', 'in', caseIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      const { borrower, contract } = LoanParties.parse(r.snapshot);
      const j = competentCourt({
        jurisdictionCourt: contract.jurisdictionCourt ?? null,
        onlineSigned: contract.onlineSigned,
        borrowerAddress: borrower.address,
        internetCourt: r.internet_court === null ? null : { name: r.internet_court },
      });
      out.set(r.id, { caseId: r.id, court: j.court, basis: j.basis, article: j.article });
    }
  }
  return out;
}

/**
 * Stores a filing batch of the handed-off cases asked for: the listed ones (each must be handed
 * off, and for a lawyer handed to their firm: else 422 naming them), or every case handed off to
 * the firm (a lawyer's own; the legal team's `lawFirmId`, or all firms).
 */
export async function createFilingBatch(db: Kysely<Database>, request: FilingBatchRequest, requester: FilingRequester): Promise<{ batchId: string }> {
  if (requester.ownFirmId !== null && request.lawFirmId !== undefined && request.lawFirmId !== requester.ownFirmId) {
    throw new Unprocessable('a lawyer files only their own firm\'s cases', [{ path: 'lawFirmId', message: 'not your firm' }]);
  }
  const firmId = requester.ownFirmId ?? request.lawFirmId ?? null;
  let query = db.selectFrom('cases').select('id').where('status', '=', 'handed_off').orderBy('id');
  if (firmId !== null) query = query.where('law_firm_id', '=', firmId);
  let caseIds: string[];
  if (request.caseIds !== undefined) {
    const wanted = [...new Set(request.caseIds)];
    const found = new Set<string>();
    for (let i = 0; i < wanted.length; i += CHUNK) {
      for (const r of await query.where('id', 'in', wanted.slice(i, i + CHUNK)).execute()) found.add(r.id);
    }
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new Unprocessable(`not handed-off cases${firmId === null ? '' : ` of firm ${firmId}`}: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` … (${missing.length})` : ''}`, [
        { path: 'caseIds', message: `${missing.length} case(s) cannot be filed` },
      ]);
    }
    caseIds = wanted;
  } else {
    caseIds = (await query.limit(MAX_FILING_CASES + 1).execute()).map((r) => r.id);
    if (caseIds.length > MAX_FILING_CASES) throw new Unprocessable(`more than ${MAX_FILING_CASES} handed-off cases: list caseIds`, [{ path: 'caseIds', message: 'too many cases' }]);
  }
  if (caseIds.length === 0) throw new Unprocessable('no handed-off cases to file', [{ path: 'caseIds', message: 'nothing to file' }]);
  const courts = await jurisdictionOf(db, caseIds);
  const courtless = caseIds.filter((id) => !courts.get(id)?.court);
  if (courtless.length > 0) {
    throw new Unprocessable(`no competent court follows for: ${courtless.slice(0, 20).join(', ')}`, [{ path: 'caseIds', message: 'a person must choose the court' }]);
  }
  const batchId = `fb-${randomUUID()}`;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('filing_batches').values({ id: batchId, requested_by: requester.requestedBy, law_firm_id: firmId }).execute();
    for (let i = 0; i < caseIds.length; i += CHUNK) {
      await tx
        .insertInto('filing_batch_items')
        .values(
          caseIds.slice(i, i + CHUNK).map((caseId) => {
            const j = courts.get(caseId)!;
            return { batch_id: batchId, case_id: caseId, court: j.court!, jurisdiction_basis: j.basis };
          }),
        )
        .execute();
    }
  });
  return { batchId };
}

/** The batch, if the requester may see it (a lawyer: only their firm's batches). */
export async function filingBatchOf(
  db: Kysely<Database>,
  batchId: string,
  ownFirmId: string | null,
): Promise<{ batchId: string; lawFirmId: string | null; createdAt: string; courts: CourtArchiveRef[] } | undefined> {
  const batch = await db.selectFrom('filing_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (batch === undefined || (ownFirmId !== null && batch.law_firm_id !== ownFirmId)) return undefined;
  const rows = await db
    .selectFrom('filing_batch_items')
    .select(['court', (eb) => eb.fn.countAll<string>().as('n')])
    .where('batch_id', '=', batchId)
    .groupBy('court')
    .orderBy('court')
    .execute();
  return {
    batchId,
    lawFirmId: batch.law_firm_id,
    createdAt: batch.created_at.toISOString(),
    courts: rows.map((r, i) => ({ court: r.court, cases: Number(r.n), archive: i + 1 })),
  };
}

/** A filing batch as a list of them shows it. */
export interface FilingBatchSummary {
  batchId: string;
  createdAt: string;
  /** Who made it (the principal's name). */
  requestedBy: string;
  lawFirmName: string | null;
  courts: number;
  cases: number;
}

/** The newest filing batches the requester may see (a lawyer: their firm's), newest first. */
export async function recentFilingBatches(db: Kysely<Database>, ownFirmId: string | null, limit: number): Promise<FilingBatchSummary[]> {
  let recent = db.selectFrom('filing_batches').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit);
  if (ownFirmId !== null) recent = recent.where('law_firm_id', '=', ownFirmId);
  const query = db
    .selectFrom(recent.as('b'))
    .leftJoin('principals as p', (join) => join.on(sql<boolean>`p.id::text = b.requested_by`))
    .leftJoin('law_firms as f', 'f.id', 'b.law_firm_id')
    // Both counts from one pass over the items of each batch listed (the primary key starts with batch_id).
    .innerJoinLateral(
      (eb) => eb.selectFrom('filing_batch_items as i').select([sql<string>`count(DISTINCT i.court)`.as('courts'), sql<string>`count(*)`.as('cases')]).whereRef('i.batch_id', '=', 'b.id').as('n'),
      (join) => join.onTrue(),
    )
    .select(['b.id', 'b.created_at', 'p.name as requester', 'f.name as firm', 'n.courts', 'n.cases'])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id');
  return (await query.execute()).map((r) => ({
    batchId: r.id,
    createdAt: r.created_at.toISOString(),
    requestedBy: r.requester ?? '—',
    lawFirmName: r.firm,
    courts: Number(r.courts),
    cases: Number(r.cases),
  }));
}

/** The case ids of one court of the batch, in id order; for a lawyer, only those still handed to their firm. */
export async function courtCases(db: Kysely<Database>, batchId: string, court: string, ownFirmId: string | null = null): Promise<string[]> {
  let query = db
    .selectFrom('filing_batch_items as i')
    .innerJoin('cases', 'cases.id', 'i.case_id')
    .select('i.case_id')
    .where('i.batch_id', '=', batchId)
    .where('i.court', '=', court)
    .orderBy('i.case_id');
  if (ownFirmId !== null) query = query.where('cases.law_firm_id', '=', ownFirmId);
  return (await query.execute()).map((r) => r.case_id);
}

/** The element-table rows of these cases (in the order given), from the cases' stored claims and loans. */
export async function elementTableCases(db: Kysely<Database>, caseIds: readonly string[]): Promise<ElementTableCase[]> {
  const byId = new Map<string, ElementTableCase>();
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('cases')
      .innerJoin('loans', 'loans.id', 'cases.loan_id')
      .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
      .leftJoin('law_firms', 'law_firms.id', 'cases.law_firm_id')
      .select([
        'cases.id',
        'cases.claim',
        'loans.snapshot',
        'lenders.name',
        'lenders.unified_social_credit_code',
        'lenders.domicile',
        'lenders.legal_representative',
        'lenders.internet_court',
        'law_firms.name as firm_name',
        'law_firms.lead_lawyer',
      ])
      .where('cases.id', 'in', caseIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      if (r.claim === null) throw new Unprocessable(`case ${r.id} has no claim yet`);
      const { borrower, contract, disbursement } = LoanParties.parse(r.snapshot);
      const j = competentCourt({
        jurisdictionCourt: contract.jurisdictionCourt ?? null,
        onlineSigned: contract.onlineSigned,
        borrowerAddress: borrower.address,
        internetCourt: r.internet_court === null ? null : { name: r.internet_court },
      });
      byId.set(r.id, {
        caseId: r.id,
        plaintiff: { name: r.name, unifiedSocialCreditCode: r.unified_social_credit_code, domicile: r.domicile, legalRepresentative: r.legal_representative },
        borrower,
        // A handed-off case passed the lawsuit-data check, which requires the contract's own title.
        contractTitle: contract.title ?? '借款合同',
        contract,
        disbursement,
        claim: r.claim,
        court: j.court ?? '',
        jurisdiction: { basis: j.basis, article: j.article },
        agent: r.firm_name !== null && r.lead_lawyer !== null ? { firm: r.firm_name, lawyer: r.lead_lawyer } : null,
      });
    }
  }
  return caseIds.flatMap((id) => byId.get(id) ?? []);
}

/** The cases handed to a firm since a date (handed_off event on or after it), or those listed that were handed to it. */
export async function firmHandedOffCases(db: Kysely<Database>, firmId: string, filter: { since?: string; caseIds?: string[] }): Promise<string[]> {
  let query = db
    .selectFrom('cases')
    .select('cases.id')
    .where('cases.law_firm_id', '=', firmId)
    .where('cases.status', 'not in', ['assembling_evidence', 'awaiting_evidence', 'demand_issued', 'negotiating', 'on_hold', 'preparing_lawsuit'])
    .orderBy('cases.id')
    .limit(MAX_FILING_CASES);
  if (filter.caseIds !== undefined) query = query.where('cases.id', 'in', filter.caseIds);
  if (filter.since !== undefined) {
    const since = filter.since;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_events')
          .select('case_events.id')
          .whereRef('case_events.case_id', '=', 'cases.id')
          .where('case_events.type', '=', 'handed_off')
          .where('case_events.occurred_at', '>=', new Date(`${since}T00:00:00+08:00`)),
      ),
    );
  }
  return (await query.execute()).map((r) => r.id);
}
