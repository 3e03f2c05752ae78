/** Keeps the case's search attributes (Temporal UI: status, lender, firm, amount) in step with its state. */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { type CaseState, CaseStatusAttribute, ClaimAmountFenAttribute, LawFirmIdAttribute, LenderIdAttribute } from '../contract.ts';
import { statusOf } from './state.ts';

/** The search attributes as last upserted. */
export interface PublishedSearchAttributes {
  status: string;
  lenderId: string;
  lawFirmId: string | null;
  claimTotalFen: number | null;
}

/** What the run started with (set by the escalation's start, or carried over by continue-as-new). */
export function searchAttributesAtStart(): PublishedSearchAttributes {
  const attributes = workflowInfo().typedSearchAttributes;
  return {
    status: attributes.get(CaseStatusAttribute) ?? '',
    lenderId: attributes.get(LenderIdAttribute) ?? '',
    lawFirmId: attributes.get(LawFirmIdAttribute) ?? null,
    claimTotalFen: attributes.get(ClaimAmountFenAttribute) ?? null,
  };
}

/** Upserts what changed since `shown` and returns what is shown now. */
export function publishSearchAttributes(shown: PublishedSearchAttributes, lenderId: string, state: CaseState): PublishedSearchAttributes {
  const now: PublishedSearchAttributes = { status: statusOf(state), lenderId, lawFirmId: state.lawFirmId, claimTotalFen: state.claimTotalFen };
  const updates: SearchAttributeUpdatePair[] = [];
  if (shown.status !== now.status) updates.push({ key: CaseStatusAttribute, value: now.status });
  if (shown.lenderId !== now.lenderId) updates.push({ key: LenderIdAttribute, value: now.lenderId });
  if (shown.lawFirmId !== now.lawFirmId) updates.push({ key: LawFirmIdAttribute, value: now.lawFirmId });
  if (shown.claimTotalFen !== now.claimTotalFen) updates.push({ key: ClaimAmountFenAttribute, value: now.claimTotalFen });
  if (updates.length > 0) upsertSearchAttributes(updates);
  return now;
}
