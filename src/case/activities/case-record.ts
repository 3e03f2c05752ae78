/**
 * The read model of a case: its row in `cases` and its timeline in `case_events`, written only by
 * the case workflow through these activities, so that listing cases never depends on Temporal.
 * Every write is idempotent: events carry the key workflowId#seq (a retried activity records
 * nothing twice), and a row update carries the workflow's sequence number (a late retry of an
 * older update never overwrites a newer one).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CaseSync, OpenCase, RecordedEvent } from '../contract.ts';
import { badData, sqlState } from './failures.ts';

type Executor = Pick<Kysely<Database>, 'insertInto'>;

export async function insertEvents(db: Executor, caseId: string, events: readonly RecordedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const result = await db
    .insertInto('case_events')
    .values(
      events.map((e) => ({
        case_id: caseId,
        type: e.type,
        occurred_at: e.occurredAt,
        actor: e.actor,
        data: JSON.stringify(e.data),
        idempotency_key: e.key,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export function caseRecordActivities(db: Kysely<Database>) {
  return {
    /**
     * Makes sure the case row exists (the escalation command inserts it; this heals the read model
     * if that insert was lost after the workflow started) and records the escalation.
     */
    async openCase(input: OpenCase): Promise<void> {
      try {
        await db.transaction().execute(async (tx) => {
          await tx
            .insertInto('cases')
            .values({
              id: input.caseId,
              loan_id: input.loanId,
              lender_id: input.lenderId,
              workflow_id: input.workflowId,
              status: 'assembling_evidence',
              reason: input.reason,
              response_days: input.responseDays,
              escalated_by: input.escalatedBy,
              created_at: input.escalatedAt,
            })
            .onConflict((oc) => oc.doNothing())
            .execute();
          await insertEvents(tx, input.caseId, [input.event]);
        });
      } catch (error) {
        if (sqlState(error) === '23503') throw badData(`case ${input.caseId}: loan ${input.loanId} or lender ${input.lenderId} does not exist`);
        throw error;
      }
    },

    /** Records the events and brings the row up to the workflow's state, in one transaction. */
    async syncCase(sync: CaseSync): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await insertEvents(tx, sync.caseId, sync.events);
        await tx
          .updateTable('cases')
          .set({
            status: sync.status,
            stale: sync.stale,
            law_firm_id: sync.lawFirmId,
            blockers: sync.blockers.length > 0 ? JSON.stringify(sync.blockers) : null,
            next_deadline: sync.nextDeadline?.date ?? null,
            next_deadline_kind: sync.nextDeadline?.kind ?? null,
            ...(sync.court ? { court: sync.court.name, court_case_number: sync.court.caseNumber } : {}),
            closed_at: sync.closedAt,
            synced_seq: sync.seq,
            updated_at: new Date(),
          })
          .where('id', '=', sync.caseId)
          .where('synced_seq', '<', sync.seq)
          .execute();
      });
    },
  };
}
