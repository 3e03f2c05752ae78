import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { canonicalSha256 } from './canonical-hash.ts';
import { IntakeNotFound } from './errors.ts';
import type { ContactRecordInput } from './schemas.ts';

export interface ContactRecordsResult {
  received: number;
  /** Records new to the loan; the rest were already stored (a repeated push adds nothing). */
  added: number;
}

/**
 * Appends contact records (催收记录) to a loan's history, in one statement. Each record is known
 * by a fingerprint of its fields (the instant normalised, so "+08:00" and "Z" spellings of the
 * same moment match), so pushing the same records again adds nothing.
 */
export async function appendContactRecords(db: Kysely<Database>, loanId: string, records: ContactRecordInput[]): Promise<ContactRecordsResult> {
  const loan = await db.selectFrom('loans').select('id').where('id', '=', loanId).executeTakeFirst();
  if (loan === undefined) throw new IntakeNotFound(`no loan ${loanId}`);
  const rows = records.map((record) => {
    const occurredAt = new Date(record.occurredAt);
    return {
      loan_id: loanId,
      channel: record.channel,
      occurred_at: occurredAt,
      outcome: record.outcome,
      note: record.note ?? null,
      collector: record.collector ?? null,
      fingerprint: canonicalSha256({ ...record, occurredAt: occurredAt.toISOString() }),
    };
  });
  const inserted = await db
    .insertInto('contact_records')
    .values(rows)
    .onConflict((oc) => oc.columns(['loan_id', 'fingerprint']).doNothing())
    .returning('id')
    .execute();
  return { received: records.length, added: inserted.length };
}
