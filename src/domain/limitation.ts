import { addYears, daysBetween } from './calendar.ts';

/**
 * 诉讼时效 of a loan claim.
 *
 * - 民法典 第188条: three years from when the creditor knew its right was infringed.
 * - 第189条: for a debt payable in instalments the period runs from the due date of the LAST
 *   instalment. If the lender called the whole loan due earlier (加速到期), the whole debt fell due on
 *   that date, so the period runs from it.
 * - 第195条: interrupted, and started afresh, by a demand that reaches the debtor, by the debtor
 *   agreeing to perform (a payment, an acknowledgement, an agreed repayment plan), or by a suit.
 *   (Strictly a suit's new period starts when the proceedings end; the filing date is used here,
 *   which can only make the deadline earlier, never later.)
 * - Counting (第200–203条): the day of the event is not counted, the period starts the next day
 *   (第201条) and ends on the corresponding date three years on (第202条: 到期月的对应日); with no
 *   such day (an event on 29 February) it ends on the last day of that month (28 February).
 *   So: deadline = the same calendar date three years later, 02-29 → 02-28.
 *   第203条 (a period ending on a public holiday ends on the next working day) is NOT applied: there
 *   is no holiday calendar here, and ignoring it only ever warns earlier.
 * - 第192条: after expiry, a debtor who agrees to perform cannot plead it any more. Such an event
 *   does not restart the period; it is reported as `agreedAfterExpiry` for the lawyer to rely on.
 */

export type InterruptionType = 'demand_delivered' | 'payment' | 'acknowledgement' | 'repayment_plan' | 'lawsuit';

export interface InterruptionEvent {
  type: InterruptionType;
  /** ISO date the event happened (a demand: the date it reached the debtor). */
  date: string;
}

export interface LimitationInput {
  /** Due date of the last instalment (第189条). */
  lastDueDate: string;
  /** Date the lender accelerated the loan, if it did. */
  acceleratedOn?: string | null;
  events: readonly InterruptionEvent[];
  /** The date the status is reported for (today). */
  asOf: string;
  /** Status turns `expiring` this many days before the deadline; default 90. */
  warningDays?: number;
}

export type LimitationStatusCode = 'ok' | 'expiring' | 'expired';

export interface LimitationStatus {
  /** Last day on which the claim can still be brought (inclusive). */
  deadline: string;
  status: LimitationStatusCode;
  warningDays: number;
  /** Days from asOf to the deadline (negative once expired). */
  daysLeft: number;
  /** The event that last restarted the period, or null if it runs from the due date / acceleration. */
  restartedBy: InterruptionEvent | null;
  /** The date the current period runs from (the event day itself is not counted). */
  runsFrom: string;
  /** A payment, acknowledgement or plan after expiry: the debtor cannot plead limitation (第192条). */
  agreedAfterExpiry: InterruptionEvent | null;
}

export const LIMITATION_YEARS = 3;
export const DEFAULT_LIMITATION_WARNING_DAYS = 90;

const AGREES_TO_PERFORM: ReadonlySet<InterruptionType> = new Set(['payment', 'acknowledgement', 'repayment_plan']);

/** The limitation deadline of a claim as of `asOf`. */
export function limitationStatus(input: LimitationInput): LimitationStatus {
  const warningDays = input.warningDays ?? DEFAULT_LIMITATION_WARNING_DAYS;
  if (!Number.isInteger(warningDays) || warningDays < 0) throw new RangeError('warningDays must be a non-negative integer');
  const accelerated = input.acceleratedOn ?? null;
  let runsFrom = accelerated !== null && accelerated < input.lastDueDate ? accelerated : input.lastDueDate;
  let deadline = addYears(runsFrom, LIMITATION_YEARS);
  let restartedBy: InterruptionEvent | null = null;
  let agreedAfterExpiry: InterruptionEvent | null = null;

  const events = input.events.filter((e) => e.date <= input.asOf).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const event of events) {
    // Before the period starts there is nothing to interrupt (a demand before the last instalment
    // falls due does not move the start of the period).
    if (event.date <= runsFrom) continue;
    if (event.date <= deadline) {
      runsFrom = event.date;
      deadline = addYears(event.date, LIMITATION_YEARS);
      restartedBy = event;
    } else if (agreedAfterExpiry === null && AGREES_TO_PERFORM.has(event.type)) {
      agreedAfterExpiry = event;
    }
  }

  const daysLeft = daysBetween(input.asOf, deadline);
  const status: LimitationStatusCode = daysLeft < 0 ? 'expired' : daysLeft <= warningDays ? 'expiring' : 'ok';
  return { deadline, status, warningDays, daysLeft, restartedBy, runsFrom, agreedAfterExpiry };
}
