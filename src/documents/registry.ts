/** Every document the service generates, by type; packet filing order lives in packet.ts. */
import type { DocumentType } from '../domain/documents.ts';
import { claimCalculation } from './claim-calculation.ts';
import { complaint } from './complaint.ts';
import { demandLetter } from './demand-letter.ts';
import { evidenceList } from './evidence-list.ts';
import { firmLetter } from './firm-letter.ts';
import type { DocumentDefinition } from './generate.ts';
import { lawyerLetter } from './lawyer-letter.ts';
import { legalRepCertificate } from './legal-rep-certificate.ts';
import { powerOfAttorney } from './power-of-attorney.ts';
import { serviceAddressConfirmation } from './service-address-confirmation.ts';

export const DOCUMENTS: { readonly [T in DocumentType]: DocumentDefinition<unknown> } = {
  demand_letter: demandLetter as DocumentDefinition<unknown>,
  lawyer_letter: lawyerLetter as DocumentDefinition<unknown>,
  complaint: complaint as DocumentDefinition<unknown>,
  evidence_list: evidenceList as DocumentDefinition<unknown>,
  claim_calculation: claimCalculation as DocumentDefinition<unknown>,
  power_of_attorney: powerOfAttorney as DocumentDefinition<unknown>,
  firm_letter: firmLetter as DocumentDefinition<unknown>,
  legal_rep_certificate: legalRepCertificate as DocumentDefinition<unknown>,
  service_address_confirmation: serviceAddressConfirmation as DocumentDefinition<unknown>,
};

/** The documents of a lawsuit packet (the demand letters are generated when the demand is issued). */
export const LAWSUIT_DOCUMENT_TYPES: readonly DocumentType[] = [
  'complaint',
  'claim_calculation',
  'legal_rep_certificate',
  'power_of_attorney',
  'firm_letter',
  'service_address_confirmation',
  'evidence_list',
];
