/**
 * The idempotency ledger of signed webhooks (processed_webhooks): a webhook id is acted on once.
 * The id's row is claimed in the caller's transaction before the event is acted on, so a
 * concurrent delivery of the same id waits on the row, then finds the result and replays it; a
 * failure rolls the claim back and the sender's retry starts afresh. Only a hash of the body is
 * kept (a loan snapshot is personal data, stored where it belongs).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CaseConflict } from '../../case/errors.ts';
import type { Database } from '../../db/schema.ts';

/** What the service did with a delivery; returned to the sender, and again on any replay of its id. */
const WebhookResult = z.union([
  z.object({ caseId: z.string(), status: z.string(), created: z.boolean().optional() }),
  z.object({ loanId: z.string(), version: z.number(), outcome: z.string() }),
]);
export type WebhookResult = z.infer<typeof WebhookResult>;

export interface ProcessedWebhook<Type extends string = string> {
  webhookId: string;
  type: Type;
  result: WebhookResult;
  /** True when this id was processed before and the original result is returned without acting again. */
  replayed: boolean;
}

/**
 * Runs `act` once per webhook id, in one transaction with the ledger row: a first delivery acts
 * and records its result; a repeat gets the first result (409 if its body differs).
 */
export async function oncePerWebhookId<Type extends string>(
  db: Kysely<Database>,
  delivery: { webhookId: string; type: Type; body: string; timestamp: string },
  act: (trx: Kysely<Database>) => Promise<WebhookResult>,
  onRecorded: (trx: Kysely<Database>, processed: ProcessedWebhook<Type>) => Promise<void>,
): Promise<ProcessedWebhook<Type>> {
  const { webhookId, type } = delivery;
  const bodySha256 = createHash('sha256').update(delivery.body).digest('hex');
  return db.transaction().execute(async (trx) => {
    const fresh = await trx
      .insertInto('processed_webhooks')
      .values({ webhook_id: webhookId, event_type: type, payload: JSON.stringify({ bodySha256, timestamp: delivery.timestamp }) })
      .onConflict((oc) => oc.column('webhook_id').doNothing())
      .returning('webhook_id')
      .executeTakeFirst();
    if (fresh === undefined) return replay(trx, webhookId, bodySha256, type);

    const result = await act(trx);
    await trx.updateTable('processed_webhooks').set({ result: JSON.stringify(result) }).where('webhook_id', '=', webhookId).execute();
    const recorded: ProcessedWebhook<Type> = { webhookId, type, result, replayed: false };
    await onRecorded(trx, recorded);
    return recorded;
  });
}

async function replay<Type extends string>(trx: Kysely<Database>, webhookId: string, bodySha256: string, type: Type): Promise<ProcessedWebhook<Type>> {
  const row = await trx.selectFrom('processed_webhooks').select(['payload', 'result']).where('webhook_id', '=', webhookId).executeTakeFirstOrThrow();
  if (row.payload.bodySha256 !== bodySha256) throw new CaseConflict(`webhook-id ${webhookId} was already used for a different message`);
  return { webhookId, type, result: WebhookResult.parse(row.result), replayed: true };
}
