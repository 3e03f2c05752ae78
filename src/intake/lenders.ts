import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DEFAULT_INTEREST_CAP } from '../domain/interest-cap.ts';
import type { LenderInput } from './schemas.ts';
import { unifiedSocialCreditCodeValid } from './unified-social-credit-code.ts';
import { insertedFlag, outcomeOf, rowDiffers, type UpsertOutcome } from './upsert.ts';
import { Unprocessable } from './errors.ts';

/**
 * Creates or replaces a lender. Fields left out are reset to their defaults (PUT replaces the
 * whole record): no interest cap means the default 24 % a year, no claim conventions the defaults;
 * a left-out legal representative title or phone stays absent (the case reports it missing). The
 * business licence copy is uploaded on its own and survives a PUT.
 */
export async function upsertLender(db: Kysely<Database>, lenderId: string, input: LenderInput): Promise<UpsertOutcome> {
  const problems = [];
  if (!unifiedSocialCreditCodeValid(input.unifiedSocialCreditCode)) {
    problems.push({ path: 'unifiedSocialCreditCode', message: 'the check character is wrong (GB 32100-2015)' });
  }
  if (input.defaultLawFirmId !== undefined) {
    const firm = await db.selectFrom('law_firms').select('id').where('id', '=', input.defaultLawFirmId).executeTakeFirst();
    if (firm === undefined) problems.push({ path: 'defaultLawFirmId', message: `no law firm ${input.defaultLawFirmId}` });
  }
  if (problems.length > 0) throw new Unprocessable('the lender cannot be accepted', problems);

  const values = {
    name: input.name,
    unified_social_credit_code: input.unifiedSocialCreditCode,
    domicile: input.domicile,
    legal_representative: input.legalRepresentative,
    legal_representative_title: input.legalRepresentativeTitle ?? null,
    phone: input.phone ?? null,
    demand_by: input.demandBy ?? 'lender',
    interest_cap: JSON.stringify(input.interestCap ?? DEFAULT_INTEREST_CAP),
    claim_conventions: JSON.stringify(input.claimConventions ?? {}),
    response_days: input.responseDays ?? null,
    letterhead: input.letterhead === undefined ? null : JSON.stringify(input.letterhead),
    internet_court: input.internetCourt ?? null,
    default_law_firm_id: input.defaultLawFirmId ?? null,
  };
  const row = await db
    .insertInto('lenders')
    .values({ id: lenderId, ...values })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ ...values, updated_at: sql`now()` })
        .where(rowDiffers('lenders', values)),
    )
    .returning(insertedFlag)
    .executeTakeFirst();
  return outcomeOf(row);
}
