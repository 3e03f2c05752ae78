/**
 * A payment the collections system reported and later also lists in a pushed snapshot is counted
 * once; payments the ledger does not show yet are added; equal payments on one day are matched
 * one for one; a payment with a transaction id is matched by it and counted once however often
 * reported.
 */
import { describe, expect, it } from 'vitest';
import { CollectionsEvent } from '../../../src/api/webhook/events.ts';
import { CaseEventInput } from '../../../src/case/contract.ts';
import { Payment } from '../../../src/domain/loan-snapshot.ts';
import { reconcilePayments } from '../../../src/domain/payment-reconciliation.ts';

describe('reconcilePayments', () => {
  it('adds a reported payment the ledger does not show yet', () => {
    const ledger = [{ paidAt: '2025-01-15', amount: '1055.99' }];
    const reported = [{ paidAt: '2025-09-03', amount: '500.00' }];
    expect(reconcilePayments(ledger, reported)).toEqual([...ledger, ...reported]);
  });

  it('counts once a reported payment that a later snapshot lists', () => {
    const ledger = [
      { paidAt: '2025-01-15', amount: '1055.99' },
      { paidAt: '2025-09-03', amount: '500.00' },
    ];
    expect(reconcilePayments(ledger, [{ paidAt: '2025-09-03', amount: '500.00' }])).toEqual(ledger);
  });

  it('matches equal payments of one day one for one', () => {
    const twice = { paidAt: '2025-09-03', amount: '300.00' };
    // Both reported, the ledger shows one so far: the other is still owed its place.
    expect(reconcilePayments([twice], [twice, twice])).toEqual([twice, twice]);
    // Both in the ledger, one reported: two payments, not three.
    expect(reconcilePayments([twice, twice], [twice])).toEqual([twice, twice]);
  });

  it('does not take a payment of another day or amount for a reported one', () => {
    const ledger = [{ paidAt: '2025-09-03', amount: '300.00' }];
    const reported = [
      { paidAt: '2025-09-04', amount: '300.00' },
      { paidAt: '2025-09-03', amount: '300.01' },
    ];
    expect(reconcilePayments(ledger, reported)).toEqual([ledger[0], reported[1], reported[0]]);
  });

  it('counts a payment reported twice under one transaction id once, and matches it to the ledger by that id', () => {
    const report = { paidAt: '2025-09-03', amount: '300.00', transactionId: 'TX-1' };
    expect(reconcilePayments([], [report, { ...report, paidAt: '2025-09-04' }])).toEqual([report]);
    // The ledger books it a day later under the same id: still one payment.
    const booked = { paidAt: '2025-09-04', amount: '300.00', transactionId: 'TX-1' };
    expect(reconcilePayments([booked], [report, report])).toEqual([booked]);
    // Another id of the same day and amount is another payment.
    expect(reconcilePayments([booked], [{ ...report, transactionId: 'TX-2' }])).toEqual([{ ...report, transactionId: 'TX-2' }, booked]);
  });
});

describe('a reported payment\'s transaction id', () => {
  it('is validated like the snapshot\'s payments[].transactionId, on the case event and the webhook, naming the field', () => {
    const payment = { type: 'payment_received', amount: '1.00', paidAt: '2025-09-03' };
    expect(CaseEventInput.safeParse({ ...payment, transactionId: ' TX-1 ' }).data).toEqual({ ...payment, transactionId: 'TX-1' });
    expect(CaseEventInput.safeParse(payment).success).toBe(true);
    const webhook = (transactionId: string) => ({ type: 'payment.received', timestamp: '2025-09-03T10:00:00+08:00', data: { loanId: 'loan-1', amount: '1.00', paidAt: '2025-09-03', transactionId } });
    for (const bad of ['  ', 'x'.repeat(101)]) {
      expect(CaseEventInput.safeParse({ ...payment, transactionId: bad }).error?.issues[0]?.path).toEqual(['transactionId']);
      expect(Payment.safeParse({ paidAt: '2025-09-03', amount: '1.00', transactionId: bad }).error?.issues[0]?.path).toEqual(['transactionId']);
      expect(CollectionsEvent.safeParse(webhook(bad)).error?.issues[0]?.path).toEqual(['data', 'transactionId']);
    }
    expect(CollectionsEvent.safeParse(webhook('TX-1')).success).toBe(true);
  });
});
