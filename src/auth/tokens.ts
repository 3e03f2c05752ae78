import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Principal } from '../db/schema.ts';

export type Role = Principal['role'];

/** Tokens are shown once and stored only as a SHA-256 hash (they are 256-bit random, so no slow hash is needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createToken(
  db: Kysely<Database>,
  input: { role: Role; name: string; lawFirmId?: string | undefined },
): Promise<{ token: string; principalId: string }> {
  if ((input.role === 'lawyer') !== (input.lawFirmId !== undefined)) {
    throw new Error(input.role === 'lawyer' ? 'a lawyer token needs --firm <lawFirmId>' : '--firm is only for lawyer tokens');
  }
  if (input.lawFirmId !== undefined) {
    const firm = await db.selectFrom('law_firms').select('id').where('id', '=', input.lawFirmId).executeTakeFirst();
    if (!firm) throw new Error(`unknown law firm: ${input.lawFirmId}`);
  }
  const token = `le_${input.role}_${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('principals')
    .values({ name: input.name, role: input.role, law_firm_id: input.lawFirmId ?? null, token_hash: hashToken(token) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, principalId: row.id };
}

/** Last-used time is kept to the minute: writing it on every request would double each request's database work. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The active principal holding this token, or undefined. */
export async function authenticate(db: Kysely<Database>, token: string): Promise<Principal | undefined> {
  const principal = await db
    .selectFrom('principals')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (principal && (principal.last_used_at === null || Date.now() - principal.last_used_at.getTime() > LAST_USED_RESOLUTION_MS)) {
    await db.updateTable('principals').set({ last_used_at: new Date() }).where('id', '=', principal.id).execute();
  }
  return principal;
}

export async function revokeToken(db: Kysely<Database>, principalId: string): Promise<boolean> {
  const result = await db
    .updateTable('principals')
    .set({ revoked_at: new Date() })
    .where('id', '=', principalId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
