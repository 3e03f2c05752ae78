/** The case workflow's pure rules: the status a state shows, and what it accepts now. */
import { describe, expect, it } from 'vitest';
import { eventConflict, handoffConflict, initialState, litigationAfter, milestoneConflict, statusOf } from '../../../src/case/workflow/state.ts';
import type { CaseState } from '../../../src/case/contract.ts';

function state(patch: Partial<CaseState>): CaseState {
  return { ...initialState(null), ...patch };
}

describe('case status', () => {
  it('follows the stage, then blockers, then holds, then closure', () => {
    expect(statusOf(state({ stage: 'evidence' }))).toBe('assembling_evidence');
    expect(statusOf(state({ stage: 'evidence', blockers: [{ code: 'no_signed_contract', message: '' }] }))).toBe('awaiting_evidence');
    expect(statusOf(state({ stage: 'response_window' }))).toBe('demand_issued');
    expect(statusOf(state({ stage: 'lawsuit_evidence', blockers: [{ code: 'no_delivered_demand', message: '' }] }))).toBe('awaiting_evidence');
    // Waiting for a firm to be assigned is still preparing the lawsuit.
    expect(statusOf(state({ stage: 'firm', blockers: [{ code: 'no_law_firm', message: '' }] }))).toBe('preparing_lawsuit');
    expect(statusOf(state({ stage: 'tracking', litigation: 'in_litigation' }))).toBe('in_litigation');
    expect(statusOf(state({ stage: 'response_window', hold: { kind: 'dispute', reason: 'x', since: '2026-01-01' } }))).toBe('on_hold');
    expect(statusOf(state({ stage: 'response_window', hold: { kind: 'plan', instalments: [], paidFen: 0, agreedOn: '2026-01-01' } }))).toBe('negotiating');
    expect(statusOf(state({ stage: 'tracking', litigation: 'judgment', closure: 'closed_paid' }))).toBe('closed_paid');
  });
});

describe('what a case accepts', () => {
  it('takes payments and withdrawal at any open stage, nothing once closed', () => {
    for (const stage of ['evidence', 'response_window', 'packet', 'tracking'] as const) {
      expect(eventConflict(state({ stage }), 'payment_received')).toBeUndefined();
      expect(eventConflict(state({ stage }), 'withdrawn')).toBeUndefined();
    }
    expect(eventConflict(state({ closure: 'closed_withdrawn' }), 'payment_received')).toMatch(/closed_withdrawn/);
  });

  it('opens a dispute only when none is open and the case is not negotiating or with the firm', () => {
    expect(eventConflict(state({ stage: 'response_window' }), 'dispute_raised')).toBeUndefined();
    expect(eventConflict(state({ hold: { kind: 'dispute', reason: 'x', since: '2026-01-01' } }), 'dispute_raised')).toMatch(/already open/);
    expect(eventConflict(state({ hold: { kind: 'plan', instalments: [], paidFen: 0, agreedOn: '2026-01-01' } }), 'dispute_raised')).toMatch(/negotiating/);
    expect(eventConflict(state({ stage: 'tracking', litigation: 'handed_off' }), 'dispute_raised')).toMatch(/law firm/);
    expect(eventConflict(state({}), 'dispute_resolved')).toMatch(/no open dispute/);
  });

  it('records a delivered demand only after the letter was issued', () => {
    expect(eventConflict(state({ stage: 'demand' }), 'demand_delivered')).toMatch(/no demand letter/);
    expect(eventConflict(state({ stage: 'response_window' }), 'demand_delivered')).toBeUndefined();
    expect(eventConflict(state({ stage: 'tracking', litigation: 'in_litigation' }), 'demand_delivered')).toBeUndefined();
  });

  it('takes milestones in their order, only after the handoff', () => {
    expect(milestoneConflict(state({ stage: 'packet' }), 'filed')).toMatch(/not been handed/);
    const handedOff = state({ stage: 'tracking', litigation: 'handed_off' });
    expect(milestoneConflict(handedOff, 'filed')).toBeUndefined();
    expect(milestoneConflict(handedOff, 'judgment')).toMatch(/cannot follow handed_off/);
    expect(milestoneConflict(handedOff, 'mediated')).toBeUndefined();
    expect(milestoneConflict(state({ stage: 'tracking', litigation: 'judgment' }), 'enforcement_applied')).toBeUndefined();
    expect(milestoneConflict(state({ stage: 'tracking', litigation: 'enforcement' }), 'closed')).toBeUndefined();
    expect(litigationAfter('handed_off', 'filed')).toBe('in_litigation');
    expect(litigationAfter('in_litigation', 'mediated')).toBe('judgment');
    expect(litigationAfter('judgment', 'enforcement_applied')).toBe('enforcement');
    expect(litigationAfter('in_litigation', 'hearing_scheduled')).toBe('in_litigation');
  });

  it('does not switch firms while the packet is being made for the chosen one', () => {
    expect(handoffConflict(state({ stage: 'firm' }))).toBeUndefined();
    expect(handoffConflict(state({ stage: 'packet' }))).toMatch(/being prepared/);
    expect(handoffConflict(state({ stage: 'tracking', litigation: 'handed_off' }))).toBeUndefined();
  });
});
