/**
 * What the collections system's events do: each verified event is dispatched to the case
 * commands or to intake, once per `webhook-id` (the idempotency ledger).
 *
 * - `loan.updated` is written in the ledger's transaction: recorded with its effect or not at all.
 * - Case commands reach Temporal, which no database transaction spans; each is idempotent on its
 *   own: an escalation returns the loan's open case, and events carry the webhook id as the
 *   workflow update id, so a retry after a failed commit does not act twice.
 * - After a loan update commits (and on its replays, as the first attempt may have failed
 *   there), the loan's open case is told its evidence changed: once the data is readable, never before.
 */
import type { Kysely } from 'kysely';
import { startEscalationBatch } from '../../batch/client.ts';
import * as caseCommands from '../../case/client.ts';
import type { Actor } from '../../case/contract.ts';
import type { Database } from '../../db/schema.ts';
import { Unprocessable } from '../../intake/errors.ts';
import { upsertLoan } from '../../intake/loans.ts';
import type { CollectionsEvent } from './events.ts';
import { oncePerWebhookId, type ProcessedWebhook, type WebhookResult } from './idempotency-ledger.ts';

const WEBHOOK_ACTOR: Actor = { principalId: null, role: 'system', name: 'collections webhook' };

export async function processCollectionsEvent(
  deps: caseCommands.CaseCommandDeps,
  webhookId: string,
  body: string,
  event: CollectionsEvent,
  onRecorded: (trx: Kysely<Database>, processed: ProcessedWebhook<CollectionsEvent['type']>) => Promise<void>,
): Promise<ProcessedWebhook<CollectionsEvent['type']>> {
  const delivery = { webhookId, type: event.type, body, timestamp: event.timestamp };
  const processed = await oncePerWebhookId(
    deps.db,
    delivery,
    (trx) =>
      act(deps, trx, webhookId, event).catch((error: unknown) => {
        throw error instanceof Unprocessable ? withPathPrefix(error, event.type === 'loan.updated' ? 'data.loan.' : 'data.') : error;
      }),
    onRecorded,
  );
  if (event.type === 'loan.updated') await caseCommands.evidenceChanged(deps, event.data.loanId, WEBHOOK_ACTOR, 'loan snapshot updated');
  return processed;
}

async function act(outer: caseCommands.CaseCommandDeps, trx: Kysely<Database>, webhookId: string, event: CollectionsEvent): Promise<WebhookResult> {
  const once = { requestId: `webhook:${webhookId}` };
  // Everything runs in the webhook's transaction: holding its session while asking the pool for
  // another would deadlock once a pool's worth of deliveries arrive together.
  const deps = { ...outer, db: trx };
  switch (event.type) {
    case 'escalation.requested':
      return caseCommands.escalate(deps, event.data, WEBHOOK_ACTOR);
    case 'escalation_batch.requested': {
      const { created: _created, ...batch } = await startEscalationBatch(deps, event.data, { requestedBy: 'collections-webhook', idempotencyKey: webhookId, actor: WEBHOOK_ACTOR });
      return batch;
    }
    case 'payment.received': {
      const { loanId, amount, paidAt, transactionId } = event.data;
      const caseId = await activeCaseOf(deps.db, loanId);
      return caseCommands.recordCaseEvent(deps, caseId, { type: 'payment_received', amount, paidAt, ...(transactionId !== undefined ? { transactionId } : {}) }, WEBHOOK_ACTOR, once);
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
  const open = await caseCommands.openCaseOf(db, loanId);
  if (open === undefined) throw new Unprocessable('the loan has no open case', [{ path: 'loanId', message: `loan ${loanId} has no open case` }]);
  return open.caseId;
}

/** Problems name fields of the event's data (or of the loan snapshot), which sit at `data` (`data.loan`) in the webhook body. */
function withPathPrefix(error: Unprocessable, prefix: string): Unprocessable {
  const details = Array.isArray(error.details)
    ? error.details.map((d: { path: string; message: string }) => ({ ...d, path: `${prefix}${d.path}` }))
    : error.details;
  return new Unprocessable(error.message, details);
}
