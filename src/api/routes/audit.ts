import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ReadAuditTrail } from '../audit.ts';
import type { ApiEnv } from '../env.ts';
import { CaseId } from '../../domain/input-rules.ts';
import { authErrors, bearerSecurity, errorResponses, router } from '../openapi.ts';

/** The audit log, for the legal team: who read, downloaded or changed what, when, from where. */
const AuditQuery = z
  .strictObject({
    caseId: CaseId.optional(),
    principalId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'inclusive; must be before `to` (400 otherwise)' }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'exclusive; must be after `from`' }),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    before: z.coerce.number().int().min(1).optional().openapi({ description: 'entries older than this id (the previous page\'s last id)' }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    principalId: z.string().nullable(),
    role: z.string().nullable(),
    action: z.string(),
    caseId: z.string().nullable(),
    resource: z.string(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.unknown(),
  })
  .openapi('AuditEntry');

const auditRoute = createRoute({
  method: 'get',
  path: '/v1/audit',
  tags: ['audit'],
  summary: 'Query the audit log, newest first (filters: case, principal, time)',
  security: bearerSecurity,
  request: { query: AuditQuery },
  responses: {
    200: { description: 'Entries, newest first', content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntry) }) } } },
    ...errorResponses(400, 503, ...authErrors),
  },
});

export function auditRoutes(deps: { db: Kysely<Database>; readAudit: ReadAuditTrail }): OpenAPIHono<ApiEnv> {
  const app = router();
  app.openapi(auditRoute, async (c) => {
    const q = c.req.valid('query');
    let query = deps.db.selectFrom('audit_log').selectAll();
    if (q.caseId !== undefined) query = query.where('case_id', '=', q.caseId);
    if (q.principalId !== undefined) query = query.where('principal_id', '=', q.principalId);
    if (q.from !== undefined) query = query.where('at', '>=', new Date(q.from));
    if (q.to !== undefined) query = query.where('at', '<', new Date(q.to));
    if (q.before !== undefined) query = query.where('id', '<', q.before);
    // Reads of this process are audited behind their responses: what was read before this query is written first.
    await deps.readAudit.written();
    const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
    // Reading the log is itself recorded, after the query so that it does not list itself.
    deps.readAudit.record(c, { action: 'audit.query', resource: 'audit', details: { ...q } });
    const entries = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      principalId: r.principal_id,
      role: r.role,
      action: r.action,
      caseId: r.case_id,
      resource: r.resource,
      ip: r.ip,
      requestId: r.request_id,
      details: r.details,
    }));
    return c.json({ entries }, 200);
  });
  return app;
}
