import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LawFirmInput } from './schemas.ts';
import { insertedFlag, outcomeOf, rowDiffers, type UpsertOutcome } from './upsert.ts';

/** Creates or replaces a law firm; its notification signing secret is the database's and survives updates. */
export async function upsertLawFirm(db: Kysely<Database>, lawFirmId: string, input: LawFirmInput): Promise<UpsertOutcome> {
  const values = {
    name: input.name,
    license_number: input.licenseNumber,
    address: input.address,
    lead_lawyer: input.lawyers?.[0]?.name ?? input.leadLawyer,
    phone: input.phone ?? null,
    postcode: input.postcode ?? null,
    email: input.email ?? null,
    lawyers: input.lawyers === undefined ? null : JSON.stringify(input.lawyers),
    webhook_url: input.webhookUrl ?? null,
  };
  const row = await db
    .insertInto('law_firms')
    .values({ id: lawFirmId, ...values })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ ...values, updated_at: sql`now()` })
        .where(rowDiffers('law_firms', values)),
    )
    .returning(insertedFlag)
    .executeTakeFirst();
  return outcomeOf(row);
}
