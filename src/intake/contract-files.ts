import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { Database } from '../db/schema.ts';
import type { ContentStore } from '../storage/index.ts';
import { IntakeNotFound, Unprocessable } from './errors.ts';

export interface ContractFileResult {
  loanId: string;
  sha256: string;
  size: number;
  pages: number;
  /** `unchanged` when this very file was uploaded for the loan before. */
  outcome: 'created' | 'unchanged';
}

/**
 * The page count of a PDF, or a reason it is not one a court could be given. Signed contracts
 * often carry an owner password (printing allowed, editing not): their structure is readable
 * without it, so encryption alone does not refuse a file.
 */
export async function pdfPages(bytes: Uint8Array): Promise<{ pages: number } | { problem: string }> {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') return { problem: 'the file does not start with %PDF-: not a PDF' };
  try {
    const document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    const pages = document.getPageCount();
    return pages > 0 ? { pages } : { problem: 'the PDF has no pages' };
  } catch (error) {
    return { problem: `the PDF cannot be read (${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'})` };
  }
}

/**
 * Stores the signed contract of a loan: checked to be a readable PDF, put in the content store
 * (addressed by its SHA-256, so the same file is stored once) and listed for the loan. Uploading
 * the same file again changes nothing; a different file is added beside the earlier ones.
 */
export async function storeContractFile(db: Kysely<Database>, store: ContentStore, loanId: string, bytes: Uint8Array): Promise<ContractFileResult> {
  const loan = await db.selectFrom('loans').select('id').where('id', '=', loanId).executeTakeFirst();
  if (loan === undefined) throw new IntakeNotFound(`no loan ${loanId}`);
  const checked = await pdfPages(bytes);
  if ('problem' in checked) throw new Unprocessable('the contract is not a usable PDF', [{ path: '(body)', message: checked.problem }]);

  const stored = await store.put(bytes);
  const row = await db
    .insertInto('contract_files')
    .values({ loan_id: loanId, sha256: stored.sha256, size: stored.size, storage_key: stored.key, page_count: checked.pages })
    .onConflict((oc) => oc.columns(['loan_id', 'sha256']).doNothing())
    .returning('sha256')
    .executeTakeFirst();
  return { loanId, sha256: stored.sha256, size: stored.size, pages: checked.pages, outcome: row === undefined ? 'unchanged' : 'created' };
}
