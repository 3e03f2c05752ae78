/**
 * Handoff to a law firm: which firm takes the case, and telling the firm through its webhook.
 *
 * The rule when the escalation or the legal team named no firm: the lender's default firm, else
 * the firm with the fewest cases it is working on (handed off and not closed), the lowest id on a
 * tie. Notifications are Standard Webhooks requests signed with the firm's secret; the webhook id
 * is fixed per case and notification, so a retry or a re-run is the same message to the firm,
 * which dedupes by it. Anything but a 2xx answer fails the activity, and Temporal retries it with
 * backoff until the firm acknowledges.
 */
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Database } from '../db/schema.ts';
import { formatYuan } from '../domain/money.ts';
import { badData } from './failures.ts';
import { firmWebhookFailed, firmWebhookOutcome } from '../metrics/metrics.ts';

export type FirmRule = 'named' | 'lender_default' | 'least_workload';

export interface FirmChoice {
  lawFirmId: string;
  rule: FirmRule;
}

export type FirmNotificationType = 'case.handed_off' | 'case.reminder' | 'case.closed';

export interface FirmNotification {
  caseId: string;
  lawFirmId: string;
  webhookId: string;
  type: FirmNotificationType;
}

export type NotificationOutcome = { delivered: true; status: number } | { delivered: false; reason: 'no_webhook_url' };

const WORKING_STATUSES = ['handed_off', 'in_litigation', 'judgment', 'enforcement'] as const;
const REQUEST_TIMEOUT_MS = 10_000;

export function lawFirmActivities(db: Kysely<Database>) {
  return {
    async chooseLawFirm(input: { caseId: string; lenderId: string; named: string | null }): Promise<FirmChoice | null> {
      if (input.named !== null) {
        const named = await db.selectFrom('law_firms').select('id').where('id', '=', input.named).executeTakeFirst();
        if (named) return { lawFirmId: named.id, rule: 'named' };
      }
      const lender = await db.selectFrom('lenders').select('default_law_firm_id').where('id', '=', input.lenderId).executeTakeFirst();
      if (lender?.default_law_firm_id) return { lawFirmId: lender.default_law_firm_id, rule: 'lender_default' };
      const least = await db
        .selectFrom('law_firms')
        .leftJoin('cases', (join) => join.onRef('cases.law_firm_id', '=', 'law_firms.id').on('cases.status', 'in', WORKING_STATUSES))
        .select(['law_firms.id', (eb) => eb.fn.count('cases.id').as('workload')])
        .groupBy('law_firms.id')
        .orderBy('workload')
        .orderBy('law_firms.id')
        .executeTakeFirst();
      return least ? { lawFirmId: least.id, rule: 'least_workload' } : null;
    },

    async notifyLawFirm(input: FirmNotification): Promise<NotificationOutcome> {
      const firm = await db.selectFrom('law_firms').select(['webhook_url', 'webhook_secret']).where('id', '=', input.lawFirmId).executeTakeFirst();
      if (!firm) throw badData(`law firm ${input.lawFirmId} does not exist`);
      if (!firm.webhook_url) return firmWebhookOutcome({ delivered: false, reason: 'no_webhook_url' } as const);
      const kase = await db
        .selectFrom('cases')
        .select(['id', 'loan_id', 'lender_id', 'status', 'claim_total_fen', 'next_deadline', 'next_deadline_kind'])
        .where('id', '=', input.caseId)
        .executeTakeFirstOrThrow();
      // Only what the firm needs to act; the borrower's personal data is fetched through the API with the firm's token.
      const sentAt = new Date();
      const body = JSON.stringify({
        type: input.type,
        timestamp: sentAt.toISOString(),
        data: {
          caseId: kase.id,
          loanId: kase.loan_id,
          lenderId: kase.lender_id,
          status: kase.status,
          claimTotal: kase.claim_total_fen === null ? null : formatYuan(kase.claim_total_fen),
          nextDeadline: kase.next_deadline === null ? null : { date: kase.next_deadline, kind: kase.next_deadline_kind },
          case: `/v1/cases/${encodeURIComponent(kase.id)}`,
          packet: `/v1/cases/${encodeURIComponent(kase.id)}/packet`,
        },
      });
      const signature = new Webhook(firm.webhook_secret).sign(input.webhookId, sentAt, body);
      const response = await fetch(firm.webhook_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': input.webhookId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }).catch(firmWebhookFailed);
      await response.body?.cancel();
      if (!response.ok) firmWebhookFailed(new Error(`law firm ${input.lawFirmId} answered ${response.status} to ${input.type} ${input.webhookId}`));
      return firmWebhookOutcome({ delivered: true, status: response.status });
    },
  };
}
