import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ApiEnv } from './env.ts';
import { clientIp } from './middleware/request-context.ts';

/** What was done, as recorded in audit_log.action. */
export type AuditAction =
  | 'case.read'
  | 'document.download'
  | 'packet.download'
  | 'case.escalate'
  | 'case.event'
  | 'case.milestone'
  | 'case.handoff'
  | 'audit.query'
  | 'webhook.received';

export interface AuditEntry {
  action: AuditAction;
  /** What was touched, as a path-like name: `case/C-1/document/D-7`, `loan/L-9`. */
  resource: string;
  caseId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Records who did what, when and from where (peer address, request id). Written before the
 * response is sent, so a read that was answered is a read that was recorded; pass the
 * transaction when the audited change is made in one, so both commit or neither. Details hold
 * ids and types, never personal data.
 */
export async function audit(db: Kysely<Database>, c: Context<ApiEnv>, entry: AuditEntry): Promise<void> {
  const principal = c.get('principal');
  await db
    .insertInto('audit_log')
    .values({
      principal_id: principal?.id ?? null,
      // No principal only on the signed webhook, whose sender is the collections (system) side.
      role: principal?.role ?? 'system',
      action: entry.action,
      case_id: entry.caseId ?? null,
      resource: entry.resource,
      ip: clientIp(c),
      request_id: c.var.requestId,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    })
    .execute();
}
