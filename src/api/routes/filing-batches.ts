/**
 * Court batch filing and the lawyers' one download:
 * - `POST /v1/filing-batches` groups handed-off cases by receiving court and stores the grouping;
 * - `GET /v1/filing-batches/{batchId}` lists its courts, each with the `url` of its archive;
 * - `GET /v1/filing-batches/{batchId}/archives/{archive}` streams that court's ZIP;
 * - `GET /v1/handed-off-packets` streams every packet handed to the lawyer's firm since a date
 *   (or the listed cases) as one ZIP.
 * The legal team reaches every batch; a lawyer only their firm's cases and batches (anything else
 * is a 404). Every archive download is audited, one row per case in it.
 */
import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { courtCases, createFilingBatch, FilingBatchRequest, filingBatchOf, firmHandedOffCases } from '../../batch/filing.ts';
import type { Database } from '../../db/schema.ts';
import { IsoDate } from '../../domain/input-rules.ts';
import type { ContentStore } from '../../storage/index.ts';
import { filingFirmOf } from '../access.ts';
import type { ReadAuditTrail } from '../audit.ts';
import { audit } from '../audit.ts';
import { casesArchive } from '../cases/filing-archive.ts';
import { attachment } from '../content-disposition.ts';
import type { ApiEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { authErrors, bearerSecurity, component, errorResponses, idParam, jsonBodyMiddleware, jsonRequest, router } from '../openapi.ts';

const binary = z.string().openapi({ format: 'binary' });

const CourtArchive = z.object({ court: z.string(), cases: z.number().int(), archive: z.number().int(), url: z.string() }).openapi('CourtArchive');
const FilingBatch = z
  .object({ batchId: z.string(), status: z.literal('ready'), lawFirmId: z.string().nullable(), createdAt: z.string(), courts: z.array(CourtArchive) })
  .openapi('FilingBatch');

const createRouteDef = createRoute({
  method: 'post',
  path: '/v1/filing-batches',
  tags: ['batches'],
  summary: 'Group handed-off cases by receiving court for batch filing (legal; a lawyer: their firm\'s cases)',
  security: bearerSecurity,
  middleware: [...jsonBodyMiddleware],
  request: { body: jsonRequest(component(FilingBatchRequest, 'FilingBatchRequest')) },
  responses: {
    201: { description: 'The batch', content: { 'application/json': { schema: z.object({ batchId: z.string() }) } } },
    ...errorResponses(400, 413, 415, 422, ...authErrors),
  },
});

const showRoute = createRoute({
  method: 'get',
  path: '/v1/filing-batches/{batchId}',
  tags: ['batches'],
  summary: 'The batch\'s receiving courts, each with the url of its streamed archive',
  security: bearerSecurity,
  request: { params: idParam('batchId') },
  responses: { 200: { description: 'The batch', content: { 'application/json': { schema: FilingBatch } } }, ...errorResponses(400, 404, ...authErrors) },
});

const archiveRoute = createRoute({
  method: 'get',
  path: '/v1/filing-batches/{batchId}/archives/{archive}',
  tags: ['batches', 'downloads'],
  summary: 'One court\'s archive: each case\'s packet folder, the element table (XLSX, CSV), index.json and SHA256SUMS',
  security: bearerSecurity,
  request: {
    params: idParam('batchId').extend({
      archive: z.coerce.number().int().min(1).openapi({ param: { name: 'archive', in: 'path' } }),
    }),
  },
  responses: { 200: { description: 'The ZIP', content: { 'application/zip': { schema: binary } } }, ...errorResponses(400, 404, 503, ...authErrors) },
});

const HandedOffQuery = z.strictObject({
  since: IsoDate.optional().openapi({ description: 'Cases handed to the firm on or after this day (China time)' }),
  caseIds: z
    .string()
    .regex(/^[A-Za-z0-9._:,-]+$/)
    .optional()
    .openapi({ description: 'Comma-separated case ids' }),
});

const handedOffRoute = createRoute({
  method: 'get',
  path: '/v1/handed-off-packets',
  tags: ['downloads'],
  summary: 'Lawyers: every packet handed to their firm since a date (or the listed cases), as one streamed ZIP',
  security: bearerSecurity,
  request: { query: HandedOffQuery },
  responses: { 200: { description: 'The ZIP', content: { 'application/zip': { schema: binary } } }, ...errorResponses(400, 404, 422, 503, ...authErrors) },
});

export function filingBatchRoutes(deps: { db: Kysely<Database>; store: ContentStore; readAudit: ReadAuditTrail }): OpenAPIHono<ApiEnv> {
  const app = router();

  app.openapi(createRouteDef, async (c) => {
    const request = c.req.valid('json');
    const principal = c.var.principal;
    const { batchId } = await createFilingBatch(deps.db, request, { requestedBy: principal.id, ownFirmId: filingFirmOf(principal) });
    await audit(deps.db, c, { action: 'batch.filing', resource: `filing-batch/${batchId}`, details: { lawFirmId: request.lawFirmId ?? null } });
    return c.json({ batchId }, 201);
  });

  app.openapi(showRoute, async (c) => {
    const { batchId } = c.req.valid('param');
    const batch = await filingBatchOf(deps.db, batchId, filingFirmOf(c.var.principal));
    if (batch === undefined) throw notFound(`no filing batch ${batchId}`);
    return c.json(
      { ...batch, status: 'ready' as const, courts: batch.courts.map((court) => ({ ...court, url: `/v1/filing-batches/${batchId}/archives/${court.archive}` })) },
      200,
    );
  });

  app.openapi(archiveRoute, async (c) => {
    const { batchId, archive } = c.req.valid('param');
    const batch = await filingBatchOf(deps.db, batchId, filingFirmOf(c.var.principal));
    const court = batch?.courts.find((x) => x.archive === archive);
    if (court === undefined) throw notFound(`no archive ${archive} in filing batch ${batchId}`);
    const caseIds = await courtCases(deps.db, batchId, court.court, filingFirmOf(c.var.principal));
    for (const caseId of caseIds) {
      deps.readAudit.record(c, { action: 'filing.download', caseId, resource: `filing-batch/${batchId}/archives/${archive}`, details: { court: court.court } });
    }
    const stream = casesArchive(deps.db, deps.store, caseIds, { title: court.court, elementTable: true });
    return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': 'application/zip',
      'Cache-Control': 'private, no-store',
      'Content-Disposition': attachment(`批量立案_${court.court}.zip`, `filing-${batchId}-${archive}.zip`),
    });
  });

  app.openapi(handedOffRoute, async (c) => {
    const { since, caseIds } = c.req.valid('query');
    const firmId = c.var.principal.law_firm_id;
    if (firmId === null) throw new ApiError(403, 'forbidden', 'only a lawyer of a firm downloads its handed-off packets');
    if (since === undefined && caseIds === undefined) throw new ApiError(422, 'unprocessable', 'give since or caseIds', { details: [{ path: 'query.since', message: 'since or caseIds' }] });
    const cases = await firmHandedOffCases(deps.db, firmId, { ...(since ? { since } : {}), ...(caseIds ? { caseIds: caseIds.split(',').filter(Boolean) } : {}) });
    if (cases.length === 0) throw notFound('no packets handed to your firm match');
    for (const caseId of cases) {
      deps.readAudit.record(c, { action: 'packet.download', caseId, resource: `case/${caseId}/packet`, details: { bundle: true, since: since ?? null } });
    }
    const stream = casesArchive(deps.db, deps.store, cases, { title: `handed-off packets ${firmId}`, elementTable: false });
    return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': 'application/zip',
      'Cache-Control': 'private, no-store',
      'Content-Disposition': attachment(`移交材料包_${since ?? 'cases'}.zip`, `handed-off-${since ?? 'cases'}.zip`),
    });
  });

  return app;
}
