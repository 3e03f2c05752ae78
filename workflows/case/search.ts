/** Keeps the case's search attributes (Temporal UI: status, lender, firm, amount) in step with its state. */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { CaseStatusAttribute, ClaimAmountFenAttribute, LawFirmIdAttribute, LenderIdAttribute } from './search-attributes.ts';
import { type CaseState, statusOf } from './state.ts';

export interface Shown {
  status: string;
  lenderId: string;
  lawFirmId: string | null;
  claimTotalFen: number | null;
}

/** Upserts what changed since `shown` (everything when undefined) and returns what is shown now. */
export function showOnSearch(shown: Shown | undefined, lenderId: string, state: CaseState): Shown {
  const now: Shown = { status: statusOf(state), lenderId, lawFirmId: state.lawFirmId, claimTotalFen: state.claimTotalFen };
  const updates: SearchAttributeUpdatePair[] = [];
  if (shown?.status !== now.status) updates.push({ key: CaseStatusAttribute, value: now.status });
  if (shown?.lenderId !== now.lenderId) updates.push({ key: LenderIdAttribute, value: now.lenderId });
  if (shown === undefined || shown.lawFirmId !== now.lawFirmId) updates.push({ key: LawFirmIdAttribute, value: now.lawFirmId });
  if (shown === undefined || shown.claimTotalFen !== now.claimTotalFen) updates.push({ key: ClaimAmountFenAttribute, value: now.claimTotalFen });
  if (updates.length > 0) upsertSearchAttributes(updates);
  return now;
}
