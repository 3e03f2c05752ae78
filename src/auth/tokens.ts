import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../db/change-feed.ts';
import { NotifiedCache } from '../db/notified-cache.ts';
import type { Database, Principal } from '../db/schema.ts';

export type Role = Principal['role'];

/** Tokens are shown once and stored only as a SHA-256 hash (they are 256-bit random, so no slow hash is needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How many characters of a token's secret part are kept (and shown masked in lists): 24 of its 256 bits. */
const SHOWN_SECRET_CHARS = 4;

/** A token as lists show it: its kept prefix and an ellipsis (`le_legal_Ab3x…`). */
export function maskedToken(principal: Pick<Principal, 'role' | 'token_prefix'>): string {
  return `${principal.token_prefix ?? `le_${principal.role}_`}…`;
}

/** Whether the principal's token has expired at `now`. */
export function expired(principal: Pick<Principal, 'expires_at'>, now = Date.now()): boolean {
  return principal.expires_at !== null && principal.expires_at.getTime() <= now;
}

export async function createToken(
  db: Kysely<Database>,
  input: { role: Role; name: string; lawFirmId?: string | undefined; expiresAt?: Date | undefined },
): Promise<{ token: string; principalId: string }> {
  if ((input.role === 'lawyer') !== (input.lawFirmId !== undefined)) {
    throw new Error(input.role === 'lawyer' ? 'a lawyer token needs --firm <lawFirmId>' : '--firm is only for lawyer tokens');
  }
  if (input.lawFirmId !== undefined) {
    const firm = await db.selectFrom('law_firms').select('id').where('id', '=', input.lawFirmId).executeTakeFirst();
    if (!firm) throw new Error(`unknown law firm: ${input.lawFirmId}`);
  }
  const kind = `le_${input.role}_`;
  const token = `${kind}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('principals')
    .values({
      name: input.name,
      role: input.role,
      law_firm_id: input.lawFirmId ?? null,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, kind.length + SHOWN_SECRET_CHARS),
      expires_at: input.expiresAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, principalId: row.id };
}

/** Last-used time is kept to the minute: writing it on every request would double each request's database work. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Far more than the tokens in use: only tokens that authenticated are kept. */
const CACHED_PRINCIPALS = 10_000;

/**
 * Finds the active principal holding a token. Principals are kept in memory, so a request costs no
 * database round trip to authenticate; a revocation (or a change of role or firm) reaches every
 * API process through the `principal_changed` notification within milliseconds of its commit and
 * empties the cache (revocations are rare, so nothing finer is needed). While notifications are
 * down, every request asks the database. An expired token is refused from its expiry on, cached or not.
 */
export class Authenticator {
  readonly #db: Kysely<Database>;
  readonly #principals: NotifiedCache<Principal>;
  /** When this process last wrote each principal's last_used_at. */
  readonly #lastUsedWritten = new Map<string, number>();

  constructor(db: Kysely<Database>, changes: ChangeFeed) {
    this.#db = db;
    this.#principals = new NotifiedCache(changes, CACHED_PRINCIPALS);
    changes.on('principal_changed', () => this.#principals.clear());
  }

  /** The active (unrevoked, unexpired) principal holding this token, or undefined. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const tokenHash = hashToken(token);
    const principal = await this.#principals.get(tokenHash, () =>
      this.#db.selectFrom('principals').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst(),
    );
    if (principal === undefined || expired(principal)) return undefined;
    const lastUsed = this.#lastUsedWritten.get(principal.id) ?? principal.last_used_at?.getTime() ?? 0;
    if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
      this.#lastUsedWritten.set(principal.id, Date.now());
      await this.#db.updateTable('principals').set({ last_used_at: new Date() }).where('id', '=', principal.id).execute();
    }
    return principal;
  }
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
