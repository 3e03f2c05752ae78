import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { exhibitPacketFiles, type PacketFile, type PacketInput } from '../../documents/packet.ts';
import { EXHIBIT_ORDER } from '../../domain/exhibits.ts';
import { canonicalSha256 } from '../../intake/canonical-hash.ts';

/**
 * What goes into a case's lawsuit packet, read from the database: the newest version of every
 * generated document, and the exhibits of the case's frozen evidence bundle. This is the packet's
 * input only; the ZIP itself is made by createLawsuitPacket (src/documents/packet.ts). The
 * packet's time stamp is that of its newest file, so the same files always give the same ZIP.
 */
const BundleExhibits = z.object({
  exhibits: z.array(
    z.object({
      number: z.number().int().min(1),
      kind: z.enum(EXHIBIT_ORDER),
      name: z.string(),
      storageKey: z.string(),
      pageCount: z.number().int().nullable(),
    }),
  ),
});

export interface PacketSource {
  input: PacketInput;
  /** Changes whenever anything the packet is made of changes: the download's ETag. */
  fingerprint: string;
}

/** The packet's makings, or undefined while the case has no complaint yet (the lawsuit documents come together). */
export async function packetSourceOf(db: Kysely<Database>, caseId: string): Promise<PacketSource | undefined> {
  const [documents, bundle] = await Promise.all([
    db
      .selectFrom('documents')
      .select(['type', 'format', 'name', 'pages', 'size', 'storage_key', 'template_name', 'template_version', 'created_at'])
      .distinctOn(['type', 'format', 'name'])
      .where('case_id', '=', caseId)
      .where('type', '!=', 'exhibit')
      .orderBy('type')
      .orderBy('format')
      .orderBy('name')
      .orderBy('version', 'desc')
      .execute(),
    db.selectFrom('evidence_bundles').select(['bundle', 'frozen_at']).where('case_id', '=', caseId).executeTakeFirst(),
  ]);
  if (!documents.some((d) => d.type === 'complaint')) return undefined;

  const files: PacketFile[] = documents.map((d) => ({
    key: d.storage_key,
    // The table's CHECK and the filter above leave only generated document types here.
    type: d.type as Exclude<typeof d.type, 'exhibit'>,
    format: d.format,
    name: d.name,
    pages: d.pages,
    size: d.size,
    template: d.template_name !== null && d.template_version !== null ? { name: d.template_name, version: d.template_version } : null,
  }));
  if (bundle !== undefined) files.push(...exhibitPacketFiles(BundleExhibits.parse(bundle.bundle).exhibits));
  const newest = Math.max(...documents.map((d) => d.created_at.getTime()), bundle?.frozen_at.getTime() ?? 0);
  const input: PacketInput = { caseId, createdAt: new Date(newest).toISOString(), files };
  return { input, fingerprint: canonicalSha256(input) };
}
