import { z } from 'zod';
import { ClaimConventions } from '../domain/claim-conventions.ts';
import { CONTACT_CHANNELS } from '../domain/evidence.ts';
import { Id, PastInstant } from '../domain/input-rules.ts';
import { InterestCapRule } from '../domain/interest-cap.ts';
import { DemandBy, LawFirmParty, LenderParty } from '../domain/parties.ts';

/**
 * What the collections system and the legal team push about the parties and the loan's history
 * (the loan snapshot itself is the domain's `LoanSnapshot`). Shapes only; checks that need the
 * database or several fields at once are made by the upsert functions.
 */
const Text = (max: number) => z.string().trim().min(1).max(max);

/** The lender: its party data (domain/parties.ts) plus the service's settings for its cases. */
export const LenderInput = LenderParty.extend({
  /** Default when absent: 24 % a year (法发〔2017〕22号). */
  interestCap: InterestCapRule.optional(),
  /**
   * How claims on this lender's loans are calculated (stated on every 欠款计算明细). Defaults:
   * paymentAllocation 'per_instalment', capScope 'loan_life', dayCountBasis 360.
   */
  claimConventions: ClaimConventions.optional(),
  /** The lender's default demand period in days; the service default applies when absent. */
  responseDays: z.number().int().min(0).max(90).optional(),
  /** The internet court (e.g. 杭州互联网法院) the lender files online-signed loans with, if any. */
  internetCourt: Text(200).optional(),
  /** The firm a case is handed to when the escalation names none. */
  defaultLawFirmId: Id.optional(),
  /** Who signs the demand: the lender (催收函, the default) or its firm (律师函). */
  demandBy: DemandBy.optional(),
});
export type LenderInput = z.infer<typeof LenderInput>;

/** The law firm: its party data (domain/parties.ts) plus where it is notified. */
export const LawFirmInput = LawFirmParty.extend({
  /** Where the service notifies the firm of handoffs; http(s) only. */
  webhookUrl: z.url({ protocol: /^https?$/, error: 'webhookUrl must be an http(s) URL' }).max(2000).optional(),
});
export type LawFirmInput = z.infer<typeof LawFirmInput>;

const ContactChannel = z.enum(CONTACT_CHANNELS);

export const ContactRecordInput = z.strictObject({
  channel: ContactChannel,
  occurredAt: PastInstant,
  outcome: Text(500),
  note: Text(2000).optional(),
  collector: Text(100).optional(),
});
export type ContactRecordInput = z.infer<typeof ContactRecordInput>;

export const ContactRecordsInput = z.strictObject({ records: z.array(ContactRecordInput).min(1).max(1000) });
export type ContactRecordsInput = z.infer<typeof ContactRecordsInput>;
