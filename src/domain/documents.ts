/**
 * The documents the service generates, by type: the one list that the document generator
 * (src/documents/registry.ts has a definition for each), the case's activities and the database's
 * `documents` table (whose CHECK constraint, in the migrations, lists the same names plus 'exhibit')
 * all take their document types from.
 */
export const DOCUMENT_TYPES = [
  'demand_letter',
  'lawyer_letter',
  'complaint',
  'evidence_list',
  'claim_calculation',
  'power_of_attorney',
  'firm_letter',
  'legal_rep_certificate',
  'service_address_confirmation',
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * The renderings of a document, likewise the one list for the generator, the read model and the
 * `documents` table (CHECK constraint in the migrations). A document is rendered as both unless
 * fewer are asked for.
 */
export const DOCUMENT_FORMATS = ['pdf', 'docx'] as const;

export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
