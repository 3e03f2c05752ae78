/**
 * Handoff to a law firm: which firm takes the case, and telling the firm through its webhook.
 *
 * The rule when the escalation or the legal team named no firm: the lender's default firm, else
 * the firm with the fewest cases it is working on (handed off and not closed), the lowest id on a
 * tie. Notifications are Standard Webhooks requests signed with the firm's secret; the webhook id
 * is fixed per case and notification, so a retry or a re-run is the same message to the firm,
 * which dedupes by it. Anything but a 2xx answer fails the activity, and Temporal retries it with
 * backoff until the firm acknowledges or the case's bound passes.
 *
 * Every attempt first checks that the message is still due: none once the case is closed (but
 * the closing notice itself) or handed to another firm. The firm's URL is resolved and judged
 * at every attempt (net/destination.ts), and the request goes to the judged address.
 */
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Database } from '../../db/schema.ts';
import { isTerminalCaseStatus } from '../../domain/case-status.ts';
import { formatYuan } from '../../domain/money.ts';
import { type DestinationPolicy, postTo, RefusedDestination, resolveDestination } from '../../net/destination.ts';
import type { FirmChoice, FirmNotification, NotificationOutcome } from '../contract.ts';
import { badData } from './failures.ts';
import { firmWebhookFailed, firmWebhookOutcome } from '../../metrics/metrics.ts';

const WORKING_STATUSES = ['handed_off', 'in_litigation', 'judgment', 'enforcement'] as const;
const REQUEST_TIMEOUT_MS = 10_000;

export function lawFirmActivities(db: Kysely<Database>, destinations: DestinationPolicy) {
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
      if (!firm.webhook_url) return firmWebhookOutcome({ delivered: false, reason: 'no_webhook_url' });
      const kase = await db
        .selectFrom('cases')
        .select(['id', 'loan_id', 'lender_id', 'law_firm_id', 'status', 'claim_total_fen', 'next_deadline', 'next_deadline_kind'])
        .where('id', '=', input.caseId)
        .executeTakeFirstOrThrow();
      if (input.type !== 'case.closed') {
        if (isTerminalCaseStatus(kase.status)) return firmWebhookOutcome({ delivered: false, reason: 'case_closed' });
        if (kase.law_firm_id !== null && kase.law_firm_id !== input.lawFirmId) return firmWebhookOutcome({ delivered: false, reason: 'firm_changed' });
      }
      let destination;
      try {
        destination = await resolveDestination(new URL(firm.webhook_url), destinations);
      } catch (error) {
        if (error instanceof RefusedDestination || error instanceof TypeError) return firmWebhookOutcome({ delivered: false, reason: 'destination_refused', detail: error.message });
        throw error;
      }
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
      const status = await postTo(destination, {
        headers: {
          'content-type': 'application/json',
          'webhook-id': input.webhookId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        timeoutMs: REQUEST_TIMEOUT_MS,
      }).catch(firmWebhookFailed);
      if (status < 200 || status > 299) firmWebhookFailed(new Error(`law firm ${input.lawFirmId} answered ${status} to ${input.type} ${input.webhookId}`));
      return firmWebhookOutcome({ delivered: true, status });
    },
  };
}
