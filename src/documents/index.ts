/** Public API of the documents module: structured case data → court-ready PDF / DOCX → lawsuit packet. */
export { buildClaimCalculation, claimCalculationView } from './claim-calculation.ts';
export { buildComplaint, complaintView } from './complaint.ts';
export { buildDemandLetter, demandLetterView } from './demand-letter.ts';
export { buildEvidenceList, evidenceListView } from './evidence-list.ts';
export { buildLawyerLetter, lawyerLetterView } from './lawyer-letter.ts';
export { buildLegalRepCertificate, legalRepCertificateView } from './legal-rep-certificate.ts';
export { buildPowerOfAttorney, powerOfAttorneyView } from './power-of-attorney.ts';
export { buildServiceAddressConfirmation, serviceAddressConfirmationView } from './service-address-confirmation.ts';
export { buildDocument, buildDocuments, DOCUMENTS, DOCUMENT_TYPES, LAWSUIT_DOCUMENT_TYPES } from './registry.ts';
export { buildModel, generate, parseCaseInput, type DocumentDefinition, type DocumentFormat, type DocumentType, type GenerateOptions, type GeneratedDocument } from './generate.ts';
export { CaseDocumentsInput, DocumentInputError, type CaseDocuments } from './input.ts';
export { renderPdf, type PdfOptions, type RenderedPdf } from './pdf.ts';
export { renderDocx, type DocxOptions, type DocxFonts } from './docx.ts';
export { DEFAULT_FONTS, fontSetFromPath, type FontSet } from './fonts.ts';
export type { FontSpec } from './loaded-font.ts';
export { checkAllTemplates, checkTemplateSource, type TemplateProblem } from './template-check.ts';
export { ConductError, FORBIDDEN_PHRASES, findForbiddenPhrases } from './conduct.ts';
export {
  createLawsuitPacket,
  exhibitPacketFiles,
  planPacket,
  type ManifestEntry,
  type Packet,
  type PacketFile,
  type PacketInput,
  type PacketManifest,
} from './packet.ts';
export { storeGeneratedDocument, type StoredDocumentFile } from './stored-document.ts';
export type { DocumentModel, Block, Run } from './model.ts';
