import { describe, expect, it } from 'vitest';
import { CaseStatus, isTerminalCaseStatus } from '../../../src/domain/case-status.ts';

describe('case status', () => {
  it('lists the statuses of the product and which are terminal', () => {
    expect(CaseStatus.options).toHaveLength(13);
    expect(CaseStatus.options.filter(isTerminalCaseStatus)).toEqual(['closed_paid', 'closed_withdrawn', 'closed']);
    expect(CaseStatus.safeParse('negotiating').success).toBe(true);
    expect(CaseStatus.safeParse('archived').success).toBe(false);
  });
});
