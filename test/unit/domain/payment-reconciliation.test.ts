/**
 * A payment the collections system reported and later also lists in a pushed snapshot is counted
 * once; payments the ledger does not show yet are added; equal payments on one day are matched
 * one for one.
 */
import { describe, expect, it } from 'vitest';
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
});
