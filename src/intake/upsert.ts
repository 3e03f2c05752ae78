import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What an idempotent upsert did: a repeated request with the same data is `unchanged` and writes nothing. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Reads the outcome of `INSERT … ON CONFLICT DO UPDATE … WHERE <row differs> RETURNING (xmax = 0)`:
 * no row back means the existing row already held the data; xmax = 0 marks a fresh insert.
 */
export function outcomeOf(row: { created: boolean } | undefined): UpsertOutcome {
  if (row === undefined) return 'unchanged';
  return row.created ? 'created' : 'updated';
}

export const insertedFlag = sql<boolean>`(xmax = 0)`.as('created');

/**
 * The ON CONFLICT … WHERE condition of an upsert that writes `values`: the stored row differs from
 * the incoming one in at least one of these columns (derived from the values, never listed by hand).
 */
export function rowDiffers(table: string, values: Record<string, unknown>) {
  const columns = Object.keys(values);
  const stored = sql.join(columns.map((c) => sql.ref(`${table}.${c}`)));
  const incoming = sql.join(columns.map((c) => sql.ref(`excluded.${c}`)));
  return sql<boolean>`(${stored}) IS DISTINCT FROM (${incoming})`;
}

/** Serialises writers of one record for the rest of the transaction (a transaction-scoped advisory lock). */
export async function lockRecord(trx: Kysely<Database>, kind: string, id: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${kind}:${id}`}, 0))`.execute(trx);
}
