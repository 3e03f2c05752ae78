import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes of the case workflow: make cases findable in the Temporal UI by status, lender, firm and amount. */
export const CaseStatusAttribute = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const LenderIdAttribute = defineSearchAttributeKey('LenderId', SearchAttributeType.KEYWORD);
export const LawFirmIdAttribute = defineSearchAttributeKey('LawFirmId', SearchAttributeType.KEYWORD);
export const ClaimAmountFenAttribute = defineSearchAttributeKey('ClaimAmountFen', SearchAttributeType.INT);

/** Every attribute the namespace must have registered (the dev server registers them at start). */
export const caseSearchAttributes = [CaseStatusAttribute, LenderIdAttribute, LawFirmIdAttribute, ClaimAmountFenAttribute];
