/**
 * A generated document put into the content store: each rendering (PDF, DOCX) stored under its
 * content address, described as the `documents` table records it and as the packet lists it.
 */
import type { ContentStore } from '../storage/content-store.ts';
import type { DocumentFormat } from '../domain/documents.ts';
import type { RenderedDocument } from './generate.ts';
import type { TemplateRef } from './model.ts';
import type { PacketFile } from './packet.ts';

/** A stored rendering of a generated document: what the `documents` table and the packet need. */
export interface StoredDocumentFile extends PacketFile {
  sha256: string;
  size: number;
  template: TemplateRef;
}

/** Puts the PDF and DOCX of a generated document into the store (both at once: their writes and fsyncs overlap). */
export async function storeGeneratedDocument(store: ContentStore, doc: RenderedDocument): Promise<StoredDocumentFile[]> {
  const renders: [DocumentFormat, Buffer | undefined, number | null][] = [
    ['pdf', doc.pdf?.bytes, doc.pdf?.pages ?? null],
    ['docx', doc.docx?.bytes, null],
  ];
  return Promise.all(
    renders
      .filter((r): r is [DocumentFormat, Buffer, number | null] => r[1] !== undefined)
      .map(async ([format, bytes, pages]) => {
        const stored = await store.put(bytes);
        return { key: stored.key, sha256: stored.sha256, size: stored.size, type: doc.type, format, name: doc.name, pages, template: doc.template };
      }),
  );
}

/**
 * Renders documents and stores each as soon as it is rendered. The renders all start at once: on a
 * render pool (./render-pool.ts) they run on its threads side by side and queue in order; rendered
 * in-process they run one after another. Either way the store's writes and fsyncs (I/O) overlap the
 * rendering (CPU) instead of adding to it.
 * Resolves with what `save` gave for each, in order, once every one is saved; fails with the first
 * failure once all have settled (nothing keeps running behind the caller's back).
 */
export async function renderAndSave<T, D extends RenderedDocument, R>(items: readonly T[], render: (item: T) => Promise<D>, save: (item: T, doc: D) => Promise<R>): Promise<R[]> {
  const settled = await Promise.allSettled(items.map(async (item) => save(item, await render(item))));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<R>).value);
}
