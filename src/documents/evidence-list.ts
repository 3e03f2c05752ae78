/** 证据目录: 序号, 证据名称, 证据来源, 证明目的, 页码, 原件/复印件. */
import { z } from 'zod';
import { chineseNumeral, formatDate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import { DocumentInputError, type CaseDocuments } from './input.ts';

const S = z.string();

export const EvidenceListView = z.object({
  lender: z.object({ name: S }),
  borrower: z.object({ name: S }),
  exhibits: z.array(z.object({ number: S, label: S, name: S, source: S, purpose: S, pages: S, original: S })),
  count: z.number(),
  totalPages: z.number(),
  date: S,
});
export type EvidenceListView = z.infer<typeof EvidenceListView>;

/** The date the filing documents carry: the filing date, else the letter date, else the claim date. */
export function documentDate(input: CaseDocuments): string {
  return formatDate(input.lawsuit?.filedOn ?? input.demand?.issuedOn ?? input.claim.asOf);
}

function evidenceListView(input: CaseDocuments): EvidenceListView {
  if (input.exhibits.length === 0) throw new DocumentInputError('证据目录 needs at least one exhibit');
  const exhibits = [...input.exhibits].sort((a, b) => a.number - b.number);
  return {
    lender: { name: input.lender.name },
    borrower: { name: input.borrower.name },
    exhibits: exhibits.map((e) => ({
      number: String(e.number),
      label: `证据${chineseNumeral(e.number)}`,
      name: e.name,
      source: e.source,
      purpose: e.purpose,
      pages: e.pages.from === e.pages.to ? String(e.pages.from) : `${e.pages.from}–${e.pages.to}`,
      original: e.original ? '原件' : '复印件',
    })),
    count: exhibits.length,
    totalPages: exhibits.reduce((s, e) => s + e.pageCount, 0),
    date: documentDate(input),
  };
}

export const evidenceList: DocumentDefinition<EvidenceListView> = {
  type: 'evidence_list',
  template: 'evidence_list',
  schema: EvidenceListView,
  view: evidenceListView,
  fileName: () => '证据目录',
};
