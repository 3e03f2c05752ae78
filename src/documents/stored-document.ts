/**
 * A generated document put into the content store: each rendering (PDF, DOCX) stored under its
 * content address, described as the `documents` table records it and as the packet lists it.
 */
import type { ContentStore } from '../storage/content-store.ts';
import type { DocumentFormat, RenderedDocument } from './generate.ts';
import type { TemplateRef } from './model.ts';
import type { PacketFile } from './packet.ts';

/** A stored rendering of a generated document: what the `documents` table and the packet need. */
export interface StoredDocumentFile extends PacketFile {
  sha256: string;
  size: number;
  template: TemplateRef;
}

/** Puts the PDF and DOCX of a generated document into the store. */
export async function storeGeneratedDocument(store: ContentStore, doc: RenderedDocument): Promise<StoredDocumentFile[]> {
  const out: StoredDocumentFile[] = [];
  const renders: [DocumentFormat, Buffer | undefined, number | null][] = [
    ['pdf', doc.pdf?.bytes, doc.pdf?.pages ?? null],
    ['docx', doc.docx?.bytes, null],
  ];
  for (const [format, bytes, pages] of renders) {
    if (!bytes) continue;
    const stored = await store.put(bytes);
    out.push({ key: stored.key, sha256: stored.sha256, size: stored.size, type: doc.type, format, name: doc.name, pages, template: doc.template });
  }
  return out;
}
