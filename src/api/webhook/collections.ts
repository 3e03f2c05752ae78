import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { startEscalationBatch } from '../../batch/client.ts';
import type { BatchAccepted } from '../../batch/contract.ts';
import * as caseCommands from '../../case/client.ts';
import { CaseConflict } from '../../case/errors.ts';
import type { Actor } from '../../case/contract.ts';
import type { Database } from '../../db/schema.ts';
import { TERMINAL_CASE_STATUSES } from '../../domain/case-status.ts';
import { upsertLoan } from '../../intake/loans.ts';
import type { CollectionsEvent } from './events.ts';
import { Unprocessable } from '../../intake/errors.ts';

/** What the service did with an event; returned to the sender, and again on any replay of its id. */
export type WebhookResult =
  | { caseId: string; status: string; created?: boolean }
  | { loanId: string; version: number; outcome: string }
  | BatchAccepted;

export interface ProcessedWebhook {
  webhookId: string;
  type: CollectionsEvent['type'];
  result: WebhookResult;
  /** True when this id was processed before and the original result is returned without acting again. */
  replayed: boolean;
}

const WEBHOOK_ACTOR: Actor = { principalId: null, role: 'system', name: 'collections webhook' };

/**
 * Acts on one verified collections event exactly once per `webhook-id`. The processed_webhooks
 * row and its result are written in one transaction that holds the id's key while the event is
 * acted on, so a concurrent delivery of the same id waits, then finds the result and returns it;
 * a failure rolls the row back and the sender's retry starts afresh. Only a hash of the body is
 * kept (a loan snapshot is personal data, stored where it belongs).
 *
 * - `loan.updated` is written in that same transaction: recorded with its effect or not at all.
 * - Case commands reach Temporal, which no database transaction spans; each is idempotent on its
 *   own: an escalation returns the loan's open case, and events carry the webhook id as the
 *   workflow update id, so a retry after a failed commit does not act twice.
 * - After a loan update commits (and on its replays, as the first attempt may have failed
 *   there), the loan's open case is told its evidence changed: once the data is readable, never before.
 */
export async function processCollectionsEvent(
  deps: caseCommands.CaseCommandDeps,
  webhookId: string,
  body: string,
  event: CollectionsEvent,
  onRecorded: (trx: Kysely<Database>, processed: ProcessedWebhook) => Promise<void>,
): Promise<ProcessedWebhook> {
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const processed = await deps.db.transaction().execute(async (trx) => {
    const fresh = await trx
      .insertInto('processed_webhooks')
      .values({ webhook_id: webhookId, event_type: event.type, payload: JSON.stringify({ bodySha256, timestamp: event.timestamp }) })
      .onConflict((oc) => oc.column('webhook_id').doNothing())
      .returning('webhook_id')
      .executeTakeFirst();
    if (fresh === undefined) return replay(trx, webhookId, bodySha256, event.type);

    const result = await act(deps, trx, webhookId, event).catch((error: unknown) => {
      throw error instanceof Unprocessable ? withPathPrefix(error, event.type === 'loan.updated' ? 'data.loan.' : 'data.') : error;
    });
    await trx.updateTable('processed_webhooks').set({ result: JSON.stringify(result) }).where('webhook_id', '=', webhookId).execute();
    const recorded: ProcessedWebhook = { webhookId, type: event.type, result, replayed: false };
    await onRecorded(trx, recorded);
    return recorded;
  });
  if (event.type === 'loan.updated') await caseCommands.evidenceChanged(deps, event.data.loanId, WEBHOOK_ACTOR, 'loan snapshot updated');
  return processed;
}

async function replay(trx: Kysely<Database>, webhookId: string, bodySha256: string, type: CollectionsEvent['type']): Promise<ProcessedWebhook> {
  const row = await trx.selectFrom('processed_webhooks').select(['payload', 'result']).where('webhook_id', '=', webhookId).executeTakeFirstOrThrow();
  const original = row.payload as { bodySha256?: string };
  if (original.bodySha256 !== bodySha256) throw new CaseConflict(`webhook-id ${webhookId} was already used for a different message`);
  return { webhookId, type, result: row.result as WebhookResult, replayed: true };
}

async function act(deps: caseCommands.CaseCommandDeps, trx: Kysely<Database>, webhookId: string, event: CollectionsEvent): Promise<WebhookResult> {
  const once = { requestId: `webhook:${webhookId}` };
  switch (event.type) {
    case 'escalation.requested':
      return caseCommands.escalate(deps, event.data, WEBHOOK_ACTOR);
    case 'escalation_batch.requested': {
      const { created: _created, ...batch } = await startEscalationBatch(deps, event.data, { requestedBy: 'collections-webhook', idempotencyKey: webhookId, actor: WEBHOOK_ACTOR });
      return batch;
    }
    case 'payment.received': {
      const { loanId, amount, paidAt } = event.data;
      const caseId = await activeCaseOf(deps.db, loanId);
      return caseCommands.recordCaseEvent(deps, caseId, { type: 'payment_received', amount, paidAt }, WEBHOOK_ACTOR, once);
    }
    case 'repayment_plan.agreed': {
      const { loanId, installments } = event.data;
      const caseId = await activeCaseOf(deps.db, loanId);
      return caseCommands.recordCaseEvent(deps, caseId, { type: 'repayment_plan_agreed', installments }, WEBHOOK_ACTOR, once);
    }
    case 'loan.updated': {
      const { loanId, version, outcome } = await upsertLoan(trx, event.data.loanId, event.data.loan);
      return { loanId, version, outcome };
    }
  }
}

/**
 * Payments and plans reported by collections concern the loan's open case. Without one there is
 * nothing to signal: the sender is told (422) so that it reports the payment in the next loan
 * snapshot instead, where it counts exactly once.
 */
async function activeCaseOf(db: Kysely<Database>, loanId: string): Promise<string> {
  const loan = await db.selectFrom('loans').select('id').where('id', '=', loanId).executeTakeFirst();
  if (loan === undefined) throw new Unprocessable('unknown loan', [{ path: 'loanId', message: `no loan ${loanId}` }]);
  const active = await db
    .selectFrom('cases')
    .select('id')
    .where('loan_id', '=', loanId)
    .where('status', 'not in', [...TERMINAL_CASE_STATUSES])
    .executeTakeFirst();
  if (active === undefined) throw new Unprocessable('the loan has no open case', [{ path: 'loanId', message: `loan ${loanId} has no open case` }]);
  return active.id;
}

/** Problems name fields of the event's data (or of the loan snapshot), which sit at `data` (`data.loan`) in the webhook body. */
function withPathPrefix(error: Unprocessable, prefix: string): Unprocessable {
  const details = Array.isArray(error.details)
    ? error.details.map((d: { path: string; message: string }) => ({ ...d, path: `${prefix}${d.path}` }))
    : error.details;
  return new Unprocessable(error.message, details);
}
