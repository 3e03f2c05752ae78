/**
 * A generated document put into the content store: each rendering (PDF, DOCX) stored under its
 * content address, described as the `documents` table records it and as the packet lists it.
 */
import type { ContentStore } from '../storage/content-store.ts';
import type { DocumentFormat, GeneratedDocument } from './generate.ts';
import type { TemplateRef } from './model.ts';
import type { PacketFile } from './packet.ts';

/** A stored rendering of a generated document: what the `documents` table and the packet need. */
export interface StoredDocumentFile extends PacketFile {
  sha256: string;
  size: number;
  template: TemplateRef;
}

/** Puts the PDF and DOCX of a generated document into the store (both at once: their writes and fsyncs overlap). */
export async function storeGeneratedDocument(store: ContentStore, doc: GeneratedDocument): Promise<StoredDocumentFile[]> {
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
 * Renders documents one after another and stores each while the next one renders, so that the
 * store's writes and fsyncs (I/O) overlap the rendering (CPU) instead of adding to it. `rendered`
 * runs after each render (a heartbeat). Resolves with what `save` gave for each, in order, once
 * every one is saved; a failed save fails the whole (after the others settled).
 */
export async function renderAndSave<T, R>(items: readonly T[], render: (item: T) => Promise<GeneratedDocument>, save: (item: T, doc: GeneratedDocument) => Promise<R>, rendered?: (item: T) => void): Promise<R[]> {
  const saves: Promise<R>[] = [];
  try {
    for (const item of items) {
      const doc = await render(item);
      const saving = save(item, doc);
      // Handled now, awaited below: a save failing while the next document renders is no unhandled rejection.
      saving.catch(() => undefined);
      saves.push(saving);
      rendered?.(item);
    }
  } finally {
    // Never leave a save running behind the caller's back, even when a render failed.
    await Promise.allSettled(saves);
  }
  return Promise.all(saves);
}
