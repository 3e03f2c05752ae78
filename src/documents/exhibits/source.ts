/**
 * What the exhibit sheets (放款凭证, 还款明细, 催收记录) are built from: the loan as frozen for the
 * case, its contact records and the demands delivered. Like the other documents, exhibits fetch
 * nothing themselves; the evidence-bundle activity reads this from the database once.
 */
import type { z } from 'zod';
import type { ContactChannel, ExhibitKind } from '../../domain/evidence.ts';
import type { LoanSnapshot } from '../../domain/loan-snapshot.ts';
import type { PdfOptions, RenderedPdf } from '../pdf.ts';
import { renderPdf } from '../pdf.ts';
import { loadTemplate, renderTemplate } from '../templates.ts';

interface ContactEntry {
  /** ISO instant. */
  occurredAt: string;
  channel: ContactChannel;
  outcome: string;
  collector: string | null;
}

export interface DeliveredDemand {
  deliveredAt: string;
  channel: 'ems' | 'email' | 'sms' | 'in_person' | 'app';
  trackingNumber?: string;
  /** Date of the letter, when the case issued one. */
  issuedOn?: string;
}

export interface ExhibitSource {
  caseId: string;
  lenderName: string;
  /** The contract's own title (without 《》). */
  contractTitle: string;
  /** Loan as frozen for the case (payments recorded after intake included). */
  loan: LoanSnapshot;
  contacts: readonly ContactEntry[];
  demands: readonly DeliveredDemand[];
  /** The date the sheets are made as of (ledger cut-off; printed as the sheet's date). */
  asOf: string;
  dayCountBasis?: 360 | 365;
}

export interface ExhibitDocument<V> {
  kind: ExhibitKind;
  /** Template file name under templates/<locale>/ (without .mustache). */
  template: string;
  schema: z.ZodType<V>;
  view(source: ExhibitSource): V;
}

export interface RenderedExhibit {
  kind: ExhibitKind;
  title: string;
  template: { name: string; version: string };
  pdf: RenderedPdf;
}

/** template → model → PDF (exhibits are filed as PDF only). */
export async function renderExhibit<V>(def: ExhibitDocument<V>, source: ExhibitSource, options: { pdf?: PdfOptions; templateDir?: string } = {}): Promise<RenderedExhibit> {
  const view = def.schema.parse(def.view(source));
  const model = renderTemplate(loadTemplate(def.template, options.templateDir), view as object);
  return { kind: def.kind, title: model.title, template: model.template, pdf: await renderPdf(model, options.pdf) };
}
