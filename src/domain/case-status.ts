import { z } from 'zod';

/**
 * Where a legal-escalation case stands (product.md). The flow is roughly
 * assembling_evidence → (awaiting_evidence) → demand_issued → (negotiating | on_hold) →
 * preparing_lawsuit → handed_off → in_litigation → judgment → enforcement → closed_*; a case can
 * close from most states (paid in full, withdrawn, or closed by the law firm).
 */
export const CaseStatus = z.enum([
  'assembling_evidence',
  'awaiting_evidence',
  'demand_issued',
  'negotiating',
  'on_hold',
  'preparing_lawsuit',
  'handed_off',
  'in_litigation',
  'judgment',
  'enforcement',
  'closed_paid',
  'closed_withdrawn',
  'closed',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Statuses a case never leaves: no more documents, events or milestones change it. */
export const TERMINAL_CASE_STATUSES: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['closed_paid', 'closed_withdrawn', 'closed']);

export function isTerminalCaseStatus(status: CaseStatus): boolean {
  return TERMINAL_CASE_STATUSES.has(status);
}
