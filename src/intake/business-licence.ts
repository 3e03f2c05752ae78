/**
 * The lender's business licence copy (营业执照), uploaded by the collections system as a PDF, PNG
 * or JPEG. The file is kept as uploaded in the content store; an image is also embedded, at its
 * own proportions on an A4 page, into a one-page PDF, which is the exhibit the packet encloses.
 * Uploading the same file again changes nothing.
 */
import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { BusinessLicenceFile, Database } from '../db/schema.ts';
import type { ContentStore } from '../storage/index.ts';
import { IntakeNotFound, Unprocessable } from './errors.ts';

export const LICENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type LicenceMediaType = (typeof LICENCE_MEDIA_TYPES)[number];

export interface BusinessLicenceResult {
  lenderId: string;
  sha256: string;
  size: number;
  mediaType: LicenceMediaType;
  /** Pages of the exhibit PDF. */
  pages: number;
  outcome: 'created' | 'updated' | 'unchanged';
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56.7; // 2 cm

/** The exhibit PDF of the upload: the PDF itself, or the image on an A4 page. */
async function exhibitPdf(bytes: Uint8Array, mediaType: LicenceMediaType): Promise<{ pdf: Uint8Array; pages: number }> {
  if (mediaType === 'application/pdf') {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    const pages = doc.getPageCount();
    if (pages === 0) throw new Error('the PDF has no pages');
    return { pdf: bytes, pages };
  }
  const doc = await PDFDocument.create();
  // A fixed date keeps the same image giving the same PDF bytes.
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const image = mediaType === 'image/png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
  const scale = Math.min((A4.width - 2 * MARGIN) / image.width, (A4.height - 2 * MARGIN) / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  doc.addPage([A4.width, A4.height]).drawImage(image, { x: (A4.width - width) / 2, y: A4.height - MARGIN - height, width, height });
  return { pdf: await doc.save(), pages: 1 };
}

export async function storeBusinessLicence(
  db: Kysely<Database>,
  store: ContentStore,
  lenderId: string,
  mediaType: LicenceMediaType,
  bytes: Uint8Array,
): Promise<BusinessLicenceResult> {
  const lender = await db.selectFrom('lenders').select('business_licence').where('id', '=', lenderId).executeTakeFirst();
  if (lender === undefined) throw new IntakeNotFound(`no lender ${lenderId}`);
  let exhibit;
  try {
    exhibit = await exhibitPdf(bytes, mediaType);
  } catch (error) {
    throw new Unprocessable(`the business licence is not a readable ${mediaType === 'application/pdf' ? 'PDF' : 'image'}`, [
      { path: '(body)', message: error instanceof Error ? error.message.slice(0, 200) : 'unreadable' },
    ]);
  }
  const original = await store.put(bytes);
  const pdf = mediaType === 'application/pdf' ? original : await store.put(exhibit.pdf);
  const file: BusinessLicenceFile = {
    key: original.key,
    sha256: original.sha256,
    mediaType,
    size: original.size,
    pdfKey: pdf.key,
    pdfSha256: pdf.sha256,
    pages: exhibit.pages,
  };
  const before = lender.business_licence;
  const result = { lenderId, sha256: original.sha256, size: original.size, mediaType, pages: exhibit.pages };
  if (before?.sha256 === original.sha256) return { ...result, outcome: 'unchanged' };
  await db.updateTable('lenders').set({ business_licence: JSON.stringify(file) }).where('id', '=', lenderId).execute();
  return { ...result, outcome: before === null ? 'created' : 'updated' };
}
