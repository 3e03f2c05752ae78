import type { Payment } from './loan-snapshot.ts';
import { parseYuan } from './money.ts';

/**
 * The loan's payments, each counted once: the lender's ledger (the payments of the latest pushed
 * snapshot) plus the payments reported to this service (case events, collections webhooks) that
 * the ledger does not show yet. The collections system typically reports a payment as it happens
 * and later pushes a snapshot listing it; adding both would count it twice.
 *
 * A reported payment with a transaction id is in the ledger exactly when the ledger has a payment
 * with that id, and is counted once however often it was reported. One without is taken to be in the ledger when the ledger has a payment of the
 * same day and amount (in fen) not already matched to another reported one. Each ledger payment stands for at most one reported payment, so two equal
 * payments on one day both count as long as either the ledger or the reports show both.
 * Sorted by date; ledger payments before reported ones on the same day.
 */
export function reconcilePayments(ledger: readonly Payment[], reported: readonly Payment[]): Payment[] {
  const key = (p: Payment) => `${p.paidAt}|${parseYuan(p.amount)}`;
  const unmatched = new Map<string, number>();
  for (const payment of ledger) unmatched.set(key(payment), (unmatched.get(key(payment)) ?? 0) + 1);
  const byId = new Map(ledger.flatMap((p) => (p.transactionId === undefined ? [] : [[p.transactionId, p] as const])));
  // Ledger payments matched by id stand for no other report.
  for (const payment of reported) {
    const same = payment.transactionId === undefined ? undefined : byId.get(payment.transactionId);
    if (same !== undefined) unmatched.set(key(same), (unmatched.get(key(same)) ?? 1) - 1);
  }
  const reportedIds = new Set<string>();
  const notInLedger = reported.filter((payment) => {
    if (payment.transactionId !== undefined) {
      // One payment however often reported under its id.
      if (byId.has(payment.transactionId) || reportedIds.has(payment.transactionId)) return false;
      reportedIds.add(payment.transactionId);
      return true;
    }
    const left = unmatched.get(key(payment)) ?? 0;
    if (left === 0) return true;
    unmatched.set(key(payment), left - 1);
    return false;
  });
  return [...ledger, ...notInLedger].sort((a, b) => (a.paidAt < b.paidAt ? -1 : a.paidAt > b.paidAt ? 1 : 0));
}
