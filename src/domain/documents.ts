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
