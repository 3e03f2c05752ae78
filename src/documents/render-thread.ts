/**
 * The body of a document-rendering worker thread (see ./render-pool.ts): one document of a case,
 * or one exhibit sheet, run through the whole pipeline. A document is answered without its model
 * (the caller stores the renderings). Each thread parses the fonts once and keeps them.
 */
import type { DocumentType } from '../domain/documents.ts';
import type { ExhibitKind } from '../domain/evidence.ts';
import { EXHIBIT_DOCUMENTS, type ExhibitSource, type RenderedExhibit, renderExhibit } from './exhibits/index.ts';
import { generate, type GenerateOptions, type RenderedDocument } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import type { PdfOptions } from './pdf.ts';
import { DOCUMENTS } from './registry.ts';

export type RenderTask =
  | { kind: 'document'; type: DocumentType; input: CaseDocuments; options: GenerateOptions }
  | { kind: 'exhibit'; exhibit: ExhibitKind; source: ExhibitSource; pdf: PdfOptions };

export default async function render(task: RenderTask): Promise<RenderedDocument | RenderedExhibit> {
  if (task.kind === 'exhibit') {
    const def = EXHIBIT_DOCUMENTS.find((d) => d.kind === task.exhibit);
    if (def === undefined) throw new Error(`no exhibit sheet ${task.exhibit}`);
    return renderExhibit(def, task.source, { pdf: task.pdf });
  }
  const { model: _model, ...rendered } = await generate(DOCUMENTS[task.type], task.input, task.options);
  return rendered;
}
