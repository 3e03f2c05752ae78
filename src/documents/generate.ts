/**
 * The pipeline every document goes through: structured input → view model (validated by its zod
 * schema) → template → document model → PDF and DOCX.
 */
import type { z } from 'zod';
import { DOCUMENT_FORMATS, type DocumentFormat, type DocumentType } from '../domain/documents.ts';
import { renderDocx, type DocxOptions } from './docx.ts';
import { CaseDocumentsInput, type CaseDocuments, type CaseDocumentsInput as CaseInput } from './input.ts';
import type { DocumentModel, TemplateRef } from './model.ts';
import { renderPdf, type PdfOptions } from './pdf.ts';
import { loadTemplate, renderTemplate } from './templates.ts';

export interface DocumentDefinition<V> {
  type: DocumentType;
  /** Template file name under templates/<locale>/ (without .mustache). */
  template: string;
  /** The view model's schema: validated before rendering, and the template check's field list. */
  schema: z.ZodType<V>;
  view(input: CaseDocuments): V;
  /** Base file name (without extension), e.g. "民事起诉状". */
  fileName(input: CaseDocuments): string;
}

export interface GenerateOptions {
  pdf?: PdfOptions;
  docx?: DocxOptions;
  /** Default templates/zh-CN. */
  templateDir?: string;
  /** Default both. */
  formats?: readonly DocumentFormat[];
}

export interface GeneratedDocument {
  type: DocumentType;
  /** Base file name without extension. */
  name: string;
  title: string;
  template: TemplateRef;
  model: DocumentModel;
  pdf?: { bytes: Buffer; pages: number };
  docx?: { bytes: Buffer };
}

/** What is kept of a generated document once rendered: its renderings and what names them. */
export type RenderedDocument = Omit<GeneratedDocument, 'model'>;

/** Validates the case input (fills defaults); throws a ZodError on bad input. */
export function parseCaseInput(input: CaseInput): CaseDocuments {
  return CaseDocumentsInput.parse(input);
}

/** Builds the document model of one document (no rendering). */
export function buildModel<V>(def: DocumentDefinition<V>, input: CaseDocuments, templateDir?: string): DocumentModel {
  const view = def.schema.parse(def.view(input));
  return renderTemplate(loadTemplate(def.template, templateDir), view as object);
}

/** Runs the whole pipeline for one document. */
export async function generate<V>(def: DocumentDefinition<V>, input: CaseInput | CaseDocuments, options: GenerateOptions = {}): Promise<GeneratedDocument> {
  const parsed = parseCaseInput(input as CaseInput);
  const model = buildModel(def, parsed, options.templateDir);
  const formats = options.formats ?? DOCUMENT_FORMATS;
  const [pdf, docx] = await Promise.all([
    formats.includes('pdf') ? renderPdf(model, options.pdf) : undefined,
    formats.includes('docx') ? renderDocx(model, options.docx) : undefined,
  ]);
  return {
    type: def.type,
    name: def.fileName(parsed),
    title: model.title,
    template: model.template,
    model,
    ...(pdf ? { pdf } : {}),
    ...(docx ? { docx } : {}),
  };
}
