/**
 * The documents of a case: the demand letter when the demand is issued, the lawsuit documents of
 * the packet once a firm is chosen. Each file goes into the content store and gets one row in
 * `documents` under an id derived from (case, type, format, name, version): an activity retried or
 * re-run after a crash finds the rows already written and generates only what is missing, so a
 * case never has two sets of documents. A firm that takes over a handed-off case gets a power of
 * attorney of its own, as a new version. The packet ZIP itself is assembled on download from the
 * newest version of these rows and the frozen evidence bundle.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { hasAccelerationClause } from '../../domain/loan-snapshot.ts';
import { DOCUMENT_FORMATS, type DocumentFormat, type DocumentType } from '../../domain/documents.ts';
import { type GenerateOptions, parseCaseInput, type RenderedDocument } from '../../documents/generate.ts';
import type { CaseDocuments, CaseDocumentsInput } from '../../documents/input.ts';
import type { DocumentRenderer } from '../../documents/render-pool.ts';
import { renderAndSave, storeGeneratedDocument } from '../../documents/stored-document.ts';
import { LAWSUIT_DOCUMENT_TYPES } from '../../documents/registry.ts';
import type { ContentStore } from '../../storage/index.ts';
import { timeDocumentGeneration } from '../../metrics/metrics.ts';
import { caseBasics, courtOf, demandTerms, issuedDemandOf, lawFirmParty } from './document-input.ts';
import { frozenBundle } from './evidence-bundle.ts';
import type { CaseActivities, IssuedDocuments } from '../contract.ts';
import { badData } from './failures.ts';

export interface DocumentDeps {
  db: Kysely<Database>;
  store: ContentStore;
  fontPath: string;
  /** Renders on worker threads (documentRenderer), off the event loop that carries the workflow tasks. */
  renderer: DocumentRenderer;
}

/** Well inside the document activities' heartbeat timeout (10 s), also while a document waits for a rendering thread. */
const HEARTBEAT_EVERY_MS = 2_000;

/** Documents are generated once per case; a power of attorney for a firm that takes over the case is version 2, 3… */
const FIRST_VERSION = 1;
/** The 欠款计算明细 enclosed with the demand letter: below the lawsuit's, which supersedes it in the packet. */
const DEMAND_ENCLOSURE_VERSION = 0;
/**
 * The enclosure is made as a PDF only. It states the claim as calculated on the letter's date and
 * goes out with the letter as it is: nobody edits it (a changed calculation is a new claim, made
 * by the case), and the packet's own calculation (version 1) has its DOCX for the lawyer who files.
 * Its DOCX was half of what the demand cost to render (the calculation's table, about 480 cells).
 */
const DEMAND_ENCLOSURE_FORMATS: readonly DocumentFormat[] = ['pdf'];

/** Who sends the demand: the lender, or its firm (named at escalation, else the lender's default) when the lender so chose. */
async function demandSender(db: Kysely<Database>, caseId: string): Promise<{ demandBy: 'lender' | 'law_firm'; lawFirmId: string | null }> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('lenders', 'lenders.id', 'cases.lender_id')
    .select(['lenders.demand_by', 'lenders.default_law_firm_id'])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw badData(`case ${caseId} has no case row or lender`);
  if (row.demand_by !== 'law_firm') return { demandBy: 'lender', lawFirmId: null };
  const escalated = await db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'escalated').executeTakeFirst();
  const named = (escalated?.data as { lawFirmId?: unknown } | undefined)?.lawFirmId;
  const lawFirmId = typeof named === 'string' ? named : row.default_law_firm_id;
  if (lawFirmId === null) throw badData('the lender has its demands sent by its law firm (demandBy: law_firm), but the case has no firm: name one or set the lender\'s defaultLawFirmId');
  return { demandBy: 'law_firm', lawFirmId };
}

function documentId(caseId: string, type: DocumentType, format: string, name: string, version: number): string {
  return `doc_${createHash('sha256').update(`${caseId}\n${type}\n${format}\n${name}\n${version}`).digest('hex').slice(0, 32)}`;
}

/** Document types of which every rendering in `formats` is already recorded for the case in this version, with their ids. */
async function recorded(db: Kysely<Database>, caseId: string, types: readonly DocumentType[], version: number, formats: readonly DocumentFormat[]): Promise<Map<DocumentType, string[]>> {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'type', 'format'])
    .where('case_id', '=', caseId)
    .where('type', 'in', [...types])
    .where('version', '=', version)
    .where('format', 'in', [...formats])
    .orderBy('type')
    .orderBy('format', 'desc')
    .execute();
  const byType = new Map<DocumentType, string[]>();
  for (const row of rows) {
    const type = row.type as DocumentType;
    byType.set(type, [...(byType.get(type) ?? []), row.id]);
  }
  for (const [type, ids] of byType) if (ids.length < formats.length) byType.delete(type);
  return byType;
}

async function storeAndRecord(deps: DocumentDeps, caseId: string, doc: RenderedDocument, version: number): Promise<string[]> {
  const files = await storeGeneratedDocument(deps.store, doc);
  const rows = files.map((f) => ({
    id: documentId(caseId, doc.type, f.format, f.name, version),
    case_id: caseId,
    type: doc.type,
    format: f.format,
    name: f.name,
    version,
    template_name: f.template.name,
    template_version: f.template.version,
    sha256: f.sha256,
    size: f.size,
    pages: f.pages,
    storage_key: f.key,
  }));
  // A row written by an earlier attempt stays: its file is the one the case shows.
  await deps.db.insertInto('documents').values(rows).onConflict((oc) => oc.doNothing()).execute();
  return rows.map((r) => r.id);
}

/** Builds one document; the builders are deterministic, so their errors are data to fix, not to retry. */
async function build(renderer: DocumentRenderer, type: DocumentType, input: CaseDocuments, options: GenerateOptions): Promise<RenderedDocument> {
  try {
    return await renderer.render(type, input, options);
  } catch (error) {
    throw badData(`the ${type} cannot be generated: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parse(input: CaseDocumentsInput): CaseDocuments {
  try {
    return parseCaseInput(input);
  } catch (error) {
    throw badData(`the case's data does not make valid documents: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Generates what is missing of `types` in `version` (as PDF and DOCX, or only the `formats` given)
 * and returns every id. It heartbeats while it works (the process is alive), so a worker that dies
 * mid-way is noticed within the heartbeat timeout.
 */
async function generateMissing(
  deps: DocumentDeps,
  caseId: string,
  types: readonly DocumentType[],
  makeInput: () => Promise<CaseDocumentsInput>,
  date: string,
  version = FIRST_VERSION,
  formats: readonly DocumentFormat[] = DOCUMENT_FORMATS,
): Promise<IssuedDocuments> {
  const done = await recorded(deps.db, caseId, types, version, formats);
  const missing = types.filter((t) => !done.has(t));
  if (missing.length > 0) {
    const input = parse(await makeInput());
    // A fixed creation date makes the same input give the same PDF bytes on every attempt.
    const options: GenerateOptions = { formats, pdf: { fontPath: deps.fontPath, creationDate: new Date(`${date}T00:00:00+08:00`) } };
    const activity = Context.current();
    // A local activity (the demand letter since patch local-demand-letter) has no heartbeat to send.
    const alive = activity.info.isLocal ? undefined : setInterval(() => activity.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      // All sent to the render threads at once; each stored and recorded as soon as it is rendered.
      const ids = await renderAndSave(
        missing,
        (type) => timeDocumentGeneration(type, () => build(deps.renderer, type, input, options)),
        (_type, doc) => storeAndRecord(deps, caseId, doc, version),
      );
      missing.forEach((type, i) => done.set(type, ids[i]!));
    } finally {
      clearInterval(alive);
    }
  }
  return { documentIds: types.flatMap((t) => done.get(t) ?? []) };
}

/** What the lawsuit documents are made of: the case, its frozen evidence bundle and the firm that takes it. */
async function lawsuitInput(deps: DocumentDeps, caseId: string, lawFirmId: string, filedOn: string): Promise<CaseDocumentsInput> {
  const [basics, bundle, lawFirm, issuedDemand] = await Promise.all([
    caseBasics(deps.db, caseId),
    frozenBundle(deps.db, caseId),
    lawFirmParty(deps.db, lawFirmId),
    issuedDemandOf(deps.db, caseId),
  ]);
  return { ...basics.input, exhibits: bundle.exhibits, lawFirm, ...(issuedDemand ? { issuedDemand } : {}), lawsuit: { court: courtOf(basics), filedOn } };
}

type DocumentActivities = Pick<CaseActivities, 'issueDemandLetter' | 'generateLawsuitDocuments' | 'generateLawsuitPacket' | 'issuePowerOfAttorney'>;

export function caseDocumentActivities(deps: DocumentDeps): DocumentActivities {
  /**
   * The lawsuit documents (complaint, claim calculation, legal representative certificate,
   * power of attorney for the chosen firm, service address confirmation, evidence list) from the
   * frozen evidence bundle. The packet (ZIP) is assembled from them on download.
   */
  function generateLawsuitDocuments(input: { caseId: string; lawFirmId: string; filedOn: string }): Promise<IssuedDocuments> {
    return generateMissing(deps, input.caseId, LAWSUIT_DOCUMENT_TYPES, () => lawsuitInput(deps, input.caseId, input.lawFirmId, input.filedOn), input.filedOn);
  }

  return {
    /**
     * The demand (PDF and DOCX): the lender's 催收函, or its firm's 律师函 when the lender has its
     * demands sent by the firm (`demandBy: law_firm`), with the claim last calculated and the
     * payment deadline; it declares the whole debt due when the contract allows and instalments
     * not yet due remain. The 欠款计算明细 the letter encloses is generated with it, as a PDF
     * (version 0: the lawsuit's own, version 1, supersedes it in the packet).
     */
    async issueDemandLetter(input: { caseId: string; issuedOn: string; deadline: string }): Promise<IssuedDocuments> {
      const { demandBy, lawFirmId } = await demandSender(deps.db, input.caseId);
      const letterType: DocumentType = demandBy === 'law_firm' ? 'lawyer_letter' : 'demand_letter';
      let made: Promise<CaseDocumentsInput> | undefined;
      const makeInput = async (): Promise<CaseDocumentsInput> => {
        const basics = await caseBasics(deps.db, input.caseId);
        const accelerate = hasAccelerationClause(basics.schedule.contract) && basics.schedule.entries.some((e) => e.dueDate > input.issuedOn);
        const demand = { ...demandTerms(input.caseId, basics.input.lender, input.issuedOn, input.deadline), accelerate };
        if (letterType === 'demand_letter') return { ...basics.input, demand };
        const lawFirm = await lawFirmParty(deps.db, lawFirmId!);
        return { ...basics.input, lawFirm, demand: { ...demand, letterNumber: `LS-${input.caseId}` } };
      };
      // The letter and its enclosure are made of the same data: read once.
      const once = () => (made ??= makeInput());
      const letter = await generateMissing(deps, input.caseId, [letterType], once, input.issuedOn);
      const enclosure = await generateMissing(deps, input.caseId, ['claim_calculation'], once, input.issuedOn, DEMAND_ENCLOSURE_VERSION, DEMAND_ENCLOSURE_FORMATS);
      return { documentIds: [...letter.documentIds, ...enclosure.documentIds] };
    },

    generateLawsuitDocuments,
    generateLawsuitPacket: generateLawsuitDocuments,

    /**
     * A new power of attorney (version 2, 3…) when another firm takes over a handed-off case: the
     * packet's names the firm it was made for, and a court accepts a firm's lawyer only with one
     * naming them. The packet's other documents do not name the firm and stay as they are.
     */
    async issuePowerOfAttorney(input: { caseId: string; lawFirmId: string; issuedOn: string; version: number }): Promise<IssuedDocuments> {
      if (!Number.isInteger(input.version) || input.version <= FIRST_VERSION) throw badData(`a reissued power of attorney has a version above ${FIRST_VERSION}`);
      return generateMissing(
        deps,
        input.caseId,
        ['power_of_attorney', 'firm_letter'],
        () => lawsuitInput(deps, input.caseId, input.lawFirmId, input.issuedOn),
        input.issuedOn,
        input.version,
      );
    },
  };
}
