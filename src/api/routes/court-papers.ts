/**
 * The court's papers (受理通知书, 传票, 判决书, 调解书), uploaded by a lawyer of the firm the case is
 * handed to: the body is the PDF itself. The file is checked to be a readable PDF, stored in the
 * content store (addressed by its SHA-256), listed as a `court_paper` document of the case, put on
 * the timeline and audited, all in one transaction. The same file uploaded again changes nothing;
 * another file under the same kind and title is its next version. Legal and the firm see it on the
 * case and download it like any document.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Kysely, sql } from 'kysely';
import { actorLabel } from '../../case/contract.ts';
import type { Database } from '../../db/schema.ts';
import { pdfPages } from '../../intake/contract-files.ts';
import type { ContentStore } from '../../storage/index.ts';
import { canSeeCase } from '../access.ts';
import { audit } from '../audit.ts';
import type { ApiEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { CONTRACT_BODY_LIMIT, limitBody } from '../middleware/body.ts';
import { authErrors, bearerSecurity, errorResponses, idParam, router } from '../openapi.ts';

export const COURT_PAPER_KINDS = {
  acceptance_notice: '受理通知书',
  summons: '传票',
  judgment: '判决书',
  mediation: '调解书',
} as const;
export type CourtPaperKind = keyof typeof COURT_PAPER_KINDS;

const CourtPaperQuery = z.strictObject({
  kind: z.enum(Object.keys(COURT_PAPER_KINDS) as [CourtPaperKind, ...CourtPaperKind[]]).openapi({ description: '受理通知书, 传票, 判决书 or 调解书' }),
  title: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^<>]*$/, 'no markup')
    .openapi({ description: 'What the paper is, e.g. 民事判决书（2026）京0105民初1号', example: '（2026）京0105民初1号' }),
});

const CourtPaperResult = z
  .object({
    documentId: z.string(),
    name: z.string(),
    version: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    pages: z.number().int(),
    outcome: z.enum(['created', 'unchanged']),
  })
  .openapi('CourtPaperResult');

const uploadRoute = createRoute({
  method: 'post',
  path: '/v1/cases/{caseId}/court-papers',
  tags: ['cases'],
  summary: "Upload a paper of the court (受理通知书, 传票, 判决书, 调解书) as PDF: the body is the file (at most 20 MB); lawyers of the case's firm",
  security: bearerSecurity,
  middleware: [limitBody(CONTRACT_BODY_LIMIT)],
  request: {
    params: idParam('caseId'),
    query: CourtPaperQuery,
    body: { required: true, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
  },
  responses: {
    200: { description: 'This very file was uploaded before', content: { 'application/json': { schema: CourtPaperResult } } },
    201: { description: 'Stored and listed on the case', content: { 'application/json': { schema: CourtPaperResult } } },
    ...errorResponses(400, 404, 413, 415, 422, ...authErrors),
  },
});

export function courtPaperRoutes(deps: { db: Kysely<Database>; store: ContentStore }): OpenAPIHono<ApiEnv> {
  const app = router();
  app.openapi(uploadRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    const { kind, title } = c.req.valid('query');
    const principal = c.var.principal;
    if (!(await canSeeCase(deps.db, principal, caseId))) throw notFound(`no case ${caseId}`);
    if (!/^application\/pdf\s*(;|$)/i.test(c.req.header('Content-Type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', "the court's paper is uploaded as the PDF itself, with Content-Type: application/pdf");
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const checked = await pdfPages(bytes);
    if ('problem' in checked) throw new ApiError(422, 'unprocessable', 'the file is not a usable PDF', { details: [{ path: '(body)', message: checked.problem }] });

    const stored = await deps.store.put(bytes);
    const label = COURT_PAPER_KINDS[kind];
    const name = `${label}：${title}`;
    const result = await deps.db.transaction().execute(async (trx) => {
      // One upload at a time per case and name, so two versions never get the same number.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`court-paper:${caseId}:${name}`}))`.execute(trx);
      const earlier = await trx
        .selectFrom('documents')
        .select(['id', 'version', 'sha256'])
        .where('case_id', '=', caseId)
        .where('type', '=', 'court_paper')
        .where('name', '=', name)
        .orderBy('version', 'desc')
        .execute();
      const same = earlier.find((d) => d.sha256 === stored.sha256);
      if (same !== undefined) return { documentId: same.id, version: same.version, outcome: 'unchanged' as const };
      const version = (earlier[0]?.version ?? 0) + 1;
      const documentId = `doc_${randomUUID().replaceAll('-', '')}`;
      await trx
        .insertInto('documents')
        .values({ id: documentId, case_id: caseId, type: 'court_paper', format: 'pdf', name, version, sha256: stored.sha256, size: stored.size, pages: checked.pages, storage_key: stored.key })
        .execute();
      const by = actorLabel({ principalId: principal.id, role: principal.role, name: principal.name });
      await trx
        .insertInto('case_events')
        .values({
          case_id: caseId,
          type: 'court_paper_uploaded',
          occurred_at: new Date(),
          actor: by,
          data: JSON.stringify({ kind, kindLabel: label, title, version, documentId, sha256: stored.sha256 }),
          idempotency_key: `court-paper:${documentId}`,
        })
        .execute();
      await audit(trx, c, { action: 'case.court_paper', caseId, resource: `case/${caseId}/document/${documentId}`, details: { kind, version, sha256: stored.sha256, size: stored.size } });
      return { documentId, version, outcome: 'created' as const };
    });
    const body = { ...result, name, sha256: stored.sha256, size: stored.size, pages: checked.pages };
    return result.outcome === 'created' ? c.json(body, 201) : c.json(body, 200);
  });
  return app;
}
