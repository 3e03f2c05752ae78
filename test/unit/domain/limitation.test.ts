import { describe, expect, it } from 'vitest';
import { limitationStatus } from '../../../src/domain/limitation.ts';

describe('诉讼时效 (民法典 188/189/195)', () => {
  it('runs three years from the last instalment, to the same date', () => {
    const s = limitationStatus({ lastDueDate: '2024-03-15', events: [], asOf: '2026-01-01' });
    expect(s).toMatchObject({ deadline: '2027-03-15', status: 'ok', restartedBy: null, runsFrom: '2024-03-15', warningDays: 90 });
  });

  it('ends on 28 February when the period starts on 29 February (第202条)', () => {
    expect(limitationStatus({ lastDueDate: '2024-02-29', events: [], asOf: '2025-01-01' }).deadline).toBe('2027-02-28');
    // a demand reaching the debtor on 2026-02-28 restarts it: 2029-02-28
    const restarted = limitationStatus({ lastDueDate: '2024-02-29', events: [{ type: 'demand_delivered', date: '2026-02-28' }], asOf: '2026-03-01' });
    expect(restarted.deadline).toBe('2029-02-28');
    // starting on 2028-02-29 (a leap year again) it ends on 2031-02-28
    const leap = limitationStatus({ lastDueDate: '2024-02-29', events: [{ type: 'payment', date: '2027-02-28' }, { type: 'acknowledgement', date: '2028-02-29' }], asOf: '2028-03-01' });
    expect(leap).toMatchObject({ deadline: '2031-02-28', restartedBy: { type: 'acknowledgement', date: '2028-02-29' } });
  });

  it('is restarted by the latest delivered demand, payment or acknowledgement within the period', () => {
    const s = limitationStatus({
      lastDueDate: '2024-03-15',
      events: [
        { type: 'payment', date: '2025-06-01' },
        { type: 'demand_delivered', date: '2024-12-01' },
        { type: 'repayment_plan', date: '2030-01-01' }, // after asOf: not yet happened
      ],
      asOf: '2026-01-01',
    });
    expect(s).toMatchObject({ deadline: '2028-06-01', restartedBy: { type: 'payment', date: '2025-06-01' }, runsFrom: '2025-06-01' });
  });

  it('ignores a demand before the period started', () => {
    const s = limitationStatus({ lastDueDate: '2024-12-15', events: [{ type: 'demand_delivered', date: '2024-06-01' }], asOf: '2025-01-01' });
    expect(s).toMatchObject({ deadline: '2027-12-15', restartedBy: null });
  });

  it('runs from an earlier acceleration', () => {
    const s = limitationStatus({ lastDueDate: '2025-12-01', acceleratedOn: '2024-05-01', events: [], asOf: '2025-01-01' });
    expect(s).toMatchObject({ deadline: '2027-05-01', runsFrom: '2024-05-01' });
  });

  it('warns within the window and expires the day after the deadline', () => {
    // 2027-01-01 → 2027-03-15: 31 + 28 + 14 = 73 days ≤ 90
    expect(limitationStatus({ lastDueDate: '2024-03-15', events: [], asOf: '2027-01-01' })).toMatchObject({ status: 'expiring', daysLeft: 73 });
    expect(limitationStatus({ lastDueDate: '2024-03-15', events: [], asOf: '2027-01-01', warningDays: 60 }).status).toBe('ok');
    expect(limitationStatus({ lastDueDate: '2024-03-15', events: [], asOf: '2027-03-15' })).toMatchObject({ status: 'expiring', daysLeft: 0 });
    expect(limitationStatus({ lastDueDate: '2024-03-15', events: [], asOf: '2027-03-16' })).toMatchObject({ status: 'expired', daysLeft: -1 });
  });

  it('does not restart an expired period, but records a later promise to pay (第192条)', () => {
    const s = limitationStatus({
      lastDueDate: '2020-03-15',
      events: [
        { type: 'demand_delivered', date: '2023-04-01' }, // too late to interrupt
        { type: 'payment', date: '2023-05-01' },
      ],
      asOf: '2023-06-01',
    });
    expect(s).toMatchObject({ deadline: '2023-03-15', status: 'expired', restartedBy: null, agreedAfterExpiry: { type: 'payment', date: '2023-05-01' } });
  });
});
