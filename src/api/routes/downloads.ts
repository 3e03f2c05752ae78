import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { createLawsuitPacket } from '../../documents/packet.ts';
import type { ContentStore } from '../../storage/index.ts';
import { canSeeCase } from '../access.ts';
import type { ReadAuditTrail } from '../audit.ts';
import { packetSourceOf } from '../cases/packet-source.ts';
import { attachment, matchesEtag } from '../content-disposition.ts';
import type { ApiEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { authErrors, bearerSecurity, errorResponses, idParam, router } from '../openapi.ts';
import { countPacketBytes } from '../../metrics/metrics.ts';

/**
 * Downloads of a case's files, streamed from the content store: single documents (immutable, so
 * their SHA-256 is the ETag) and the lawsuit packet ZIP. Lawyers reach only their firm's cases;
 * every download, including a 304, is audited.
 */
const MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const binary = z.string().openapi({ format: 'binary' });

const documentRoute = createRoute({
  method: 'get',
  path: '/v1/cases/{caseId}/documents/{documentId}',
  tags: ['downloads'],
  summary: 'Download one document (PDF or DOCX); ETag is its SHA-256',
  security: bearerSecurity,
  request: { params: idParam('caseId', 'documentId') },
  responses: {
    200: { description: 'The file', content: { [MEDIA_TYPES.pdf]: { schema: binary }, [MEDIA_TYPES.docx]: { schema: binary } } },
    304: { description: 'Not modified (If-None-Match matched)' },
    ...errorResponses(400, 404, 503, ...authErrors),
  },
});

const packetRoute = createRoute({
  method: 'get',
  path: '/v1/cases/{caseId}/packet',
  tags: ['downloads'],
  summary: 'Download the lawsuit packet: a streamed ZIP with manifest.json (SHA-256 of every file)',
  security: bearerSecurity,
  request: { params: idParam('caseId') },
  responses: {
    200: { description: 'The packet', content: { 'application/zip': { schema: binary } } },
    304: { description: 'Not modified (If-None-Match matched)' },
    ...errorResponses(400, 404, 409, 503, ...authErrors),
  },
});

/** Headers every download shares: the browser may keep the file but must ask again before reusing it. */
function downloadHeaders(etag: string, contentType: string, disposition: string): Record<string, string> {
  return { ETag: etag, 'Cache-Control': 'private, no-cache', 'Content-Type': contentType, 'Content-Disposition': disposition };
}

export function downloadRoutes(deps: { db: Kysely<Database>; store: ContentStore; readAudit: ReadAuditTrail }): OpenAPIHono<ApiEnv> {
  const app = router();

  app.openapi(documentRoute, async (c) => {
    const { caseId, documentId } = c.req.valid('param');
    if (!(await canSeeCase(deps.db, c.var.principal, caseId))) throw notFound(`no case ${caseId}`);
    const document = await deps.db
      .selectFrom('documents')
      .select(['type', 'format', 'name', 'sha256', 'size', 'storage_key'])
      .where('id', '=', documentId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (document === undefined) throw notFound(`no document ${documentId} in case ${caseId}`);

    const etag = `"${document.sha256}"`;
    const notModified = matchesEtag(c.req.header('If-None-Match'), etag);
    deps.readAudit.record(c, {
      action: 'document.download',
      caseId,
      resource: `case/${caseId}/document/${documentId}`,
      details: { type: document.type, format: document.format, sha256: document.sha256, notModified },
    });
    if (notModified) return c.body(null, 304, { ETag: etag, 'Cache-Control': 'private, no-cache' });

    const file = await deps.store.get(document.storage_key);
    const headers = downloadHeaders(
      etag,
      MEDIA_TYPES[document.format],
      attachment(`${document.name}.${document.format}`, `${document.type}-${documentId}.${document.format}`),
    );
    return c.body(Readable.toWeb(file) as ReadableStream<Uint8Array>, 200, { ...headers, 'Content-Length': String(document.size) });
  });

  app.openapi(packetRoute, async (c) => {
    const { caseId } = c.req.valid('param');
    if (!(await canSeeCase(deps.db, c.var.principal, caseId))) throw notFound(`no case ${caseId}`);
    const source = await packetSourceOf(deps.db, caseId);
    if (source === undefined) throw new ApiError(409, 'packet_not_ready', 'the lawsuit documents of this case have not been generated yet');

    const etag = `"${source.fingerprint}"`;
    const notModified = matchesEtag(c.req.header('If-None-Match'), etag);
    deps.readAudit.record(c, {
      action: 'packet.download',
      caseId,
      resource: `case/${caseId}/packet`,
      details: { files: source.input.files.length, notModified },
    });
    if (notModified) return c.body(null, 304, { ETag: etag, 'Cache-Control': 'private, no-cache' });

    const packet = await createLawsuitPacket(deps.store, source.input);
    const headers = downloadHeaders(etag, 'application/zip', attachment(`诉讼材料包_${caseId}.zip`, `packet-${caseId}.zip`));
    return c.body(Readable.toWeb(countPacketBytes(packet.stream)) as ReadableStream<Uint8Array>, 200, { ...headers, 'X-Packet-Sha256': packet.packetSha256 });
  });
  return app;
}
