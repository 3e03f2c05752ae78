/**
 * The lawsuit documents of a case input, generated and stored the way the case's activity does
 * (src/case/activities/case-documents.ts): each of LAWSUIT_DOCUMENT_TYPES through its registry
 * definition, in order, every rendering put into the content store with storeGeneratedDocument
 * as each is rendered (renderAndSave); with a renderer (documentRenderer), on its worker threads as the
 * worker does, else in this thread.
 * Tests and benchmarks hand the result, with exhibitPacketFiles of the case's exhibits, to
 * createLawsuitPacket — the one packet path the download route uses.
 */
import { generate, type GenerateOptions, parseCaseInput } from '../../src/documents/generate.ts';
import type { CaseDocumentsInput } from '../../src/documents/input.ts';
import { DOCUMENTS, LAWSUIT_DOCUMENT_TYPES } from '../../src/documents/registry.ts';
import type { DocumentRenderer } from '../../src/documents/render-pool.ts';
import { renderAndSave, storeGeneratedDocument, type StoredDocumentFile } from '../../src/documents/stored-document.ts';
import type { ContentStore } from '../../src/storage/content-store.ts';

export async function storeLawsuitDocuments(
  store: ContentStore,
  input: CaseDocumentsInput,
  options: GenerateOptions = {},
  renderer?: DocumentRenderer,
): Promise<StoredDocumentFile[]> {
  const parsed = parseCaseInput(input);
  const render = (type: (typeof LAWSUIT_DOCUMENT_TYPES)[number]) => (renderer ? renderer.render(type, parsed, options) : generate(DOCUMENTS[type], parsed, options));
  const stored = await renderAndSave(LAWSUIT_DOCUMENT_TYPES, render, (_type, doc) => storeGeneratedDocument(store, doc));
  return stored.flat();
}
