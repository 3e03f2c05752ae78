/**
 * Token administration by an operator (`npm run cli -- token create|list|revoke`): create a token
 * (optionally expiring), list tokens masked, revoke one. Each is written to audit_log as done by
 * the operator (role `operator`, no principal, the OS user in details.by), in the transaction of
 * the change. Tokens themselves are never listed: only their kept prefix.
 */
import { userInfo } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditAction } from '../api/audit.ts';
import type { Database } from '../db/schema.ts';
import { createToken, expired, maskedToken, revokeToken, type Role } from './tokens.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `--expires-in`: whole days (`90d`) or hours (`12h`). */
const ExpiresIn = z
  .string()
  .regex(/^[1-9]\d{0,4}[dh]$/, '--expires-in must be a number of days or hours, e.g. 90d or 12h')
  .transform((v) => Number(v.slice(0, -1)) * (v.endsWith('d') ? DAY_MS : HOUR_MS));

const PrincipalId = z.uuid('a token id is a UUID, as `token list` shows it');

/** The value, or an Error with the schema's one-line message (the CLI prints it as is). */
function valid<T>(schema: z.ZodType<T, string>, value: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

async function auditOperator(db: Kysely<Database> | Transaction<Database>, action: AuditAction, resource: string, details: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ principal_id: null, role: 'operator', action, case_id: null, resource, ip: null, request_id: null, details: JSON.stringify({ ...details, by: userInfo().username }) })
    .execute();
}

export async function createTokenAudited(
  db: Kysely<Database>,
  input: { role: Role; name: string; lawFirmId?: string | undefined; expiresIn?: string | undefined },
): Promise<{ token: string; principalId: string; expiresAt: Date | undefined }> {
  const expiresAt = input.expiresIn === undefined ? undefined : new Date(Date.now() + valid(ExpiresIn, input.expiresIn));
  return db.transaction().execute(async (tx) => {
    const made = await createToken(tx, { role: input.role, name: input.name, lawFirmId: input.lawFirmId, expiresAt });
    await auditOperator(tx, 'token.create', `principal/${made.principalId}`, {
      role: input.role,
      lawFirmId: input.lawFirmId ?? null,
      expiresAt: expiresAt?.toISOString() ?? null,
    });
    return { ...made, expiresAt };
  });
}

export interface TokenListing {
  id: string;
  token: string;
  name: string;
  role: Role;
  lawFirmId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** active, expired or revoked */
  state: 'active' | 'expired' | 'revoked';
}

/** Every token, oldest first, masked. */
export async function listTokens(db: Kysely<Database>): Promise<TokenListing[]> {
  const rows = await db.selectFrom('principals').selectAll().orderBy('created_at').orderBy('id').execute();
  await auditOperator(db, 'token.list', 'principals', { count: rows.length });
  return rows.map((p) => ({
    id: p.id,
    token: maskedToken(p),
    name: p.name,
    role: p.role,
    lawFirmId: p.law_firm_id,
    createdAt: p.created_at,
    lastUsedAt: p.last_used_at,
    expiresAt: p.expires_at,
    revokedAt: p.revoked_at,
    state: p.revoked_at !== null ? 'revoked' : expired(p) ? 'expired' : 'active',
  }));
}

/** Revokes a token by its principal id; every API process refuses it within milliseconds (change notification). */
export async function revokeTokenAudited(db: Kysely<Database>, id: string): Promise<void> {
  const principalId = valid(PrincipalId, id);
  await db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('principals').select(['id', 'revoked_at']).where('id', '=', principalId).executeTakeFirst();
    if (found === undefined) throw new Error(`no token with id ${principalId}`);
    if (found.revoked_at !== null) throw new Error(`token ${principalId} was already revoked at ${found.revoked_at.toISOString()}`);
    await revokeToken(tx, principalId);
    await auditOperator(tx, 'token.revoke', `principal/${principalId}`, {});
  });
}
