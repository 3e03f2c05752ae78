/**
 * A court clerk's checklist as code: what a clerk checks before accepting a lawsuit packet, run
 * over the ZIP as filed (PDFs read back with pdftotext, DOCX as their document XML) against the
 * data the case was built from. Every finding names the field or document it concerns; an empty
 * list means the packet passes.
 *
 * - no placeholder: `相关条款`, `undefined`, `null`, `NaN`, `TODO`, an empty `《》`;
 * - the contract named by its own title only, `（电子签名记录）` only for an online-signed contract;
 * - every contract clause the complaint cites comes from the data (and every needed one is cited);
 * - the parties identical across documents (names, codes, the legal representative and title);
 * - phones of the right party: the agents' and the service phone are the firm lawyer's, never the
 *   lender's hotline;
 * - the required documents and exhibits present, in filing order;
 * - the manifest's hashes match the files, and the manifest's own hash file matches it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseDocumentsInput } from '../../src/documents/input.ts';
import type { PacketManifest } from '../../src/documents/packet.ts';
import type { ExhibitKind } from '../../src/domain/evidence.ts';
import { pdfText } from '../unit/documents/helpers.ts';

const UTF8 = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
const PLACEHOLDERS = ['相关条款', 'undefined', 'null', 'NaN', 'TODO', '《》'];

/** The filing documents in the order a clerk expects them, by manifest type. */
const FILING_ORDER = ['complaint', 'claim_calculation', 'lender_licence', 'legal_rep_certificate', 'power_of_attorney', 'firm_letter', 'service_address_confirmation', 'evidence_list'] as const;

export interface PacketFiles {
  manifest: PacketManifest;
  manifestBytes: Buffer;
  manifestHashLine: string;
  /** Path in the ZIP → bytes. */
  files: Map<string, Buffer>;
}

/** Unzips a packet (the ZIP bytes) into memory. */
export function readPacket(zip: Buffer): PacketFiles {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-'));
  try {
    writeFileSync(join(dir, 'packet.zip'), zip);
    execFileSync('unzip', ['-q', '-o', join(dir, 'packet.zip'), '-d', join(dir, 'out')], { env: UTF8 });
    const files = new Map<string, Buffer>();
    const walk = (sub: string) => {
      for (const entry of readdirSync(join(dir, 'out', sub), { withFileTypes: true })) {
        const rel = sub ? `${sub}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(rel);
        else files.set(rel, readFileSync(join(dir, 'out', rel)));
      }
    };
    walk('');
    const manifestBytes = files.get('manifest.json')!;
    return {
      manifest: JSON.parse(manifestBytes.toString('utf8')) as PacketManifest,
      manifestBytes,
      manifestHashLine: files.get('manifest.json.sha256')?.toString('utf8') ?? '',
      files,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a DOCX: its document XML with the tags removed (runs joined as Word shows them). */
function docxXmlText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'clerk-docx-'));
  try {
    writeFileSync(join(dir, 'doc.docx'), bytes);
    const xml = execFileSync('unzip', ['-p', join(dir, 'doc.docx'), 'word/document.xml'], { encoding: 'utf8' });
    return xml.replace(/<w:tab\/>/g, ' ').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const compact = (s: string) => s.replace(/\s+/g, '').replace(/第\d+页共\d+页/g, '');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs the checklist; returns the findings (empty: the packet passes). */
export function clerkChecklist(packet: PacketFiles, data: CaseDocumentsInput): string[] {
  const problems: string[] = [];
  const { manifest } = packet;

  // Manifest hashes.
  if (packet.manifestHashLine.trim() !== `${sha256(packet.manifestBytes)}  manifest.json`) problems.push('manifest.json.sha256 does not match manifest.json');
  for (const f of manifest.files) {
    const bytes = packet.files.get(f.path);
    if (!bytes) problems.push(`manifest lists ${f.path}, which the packet lacks`);
    else if (sha256(bytes) !== f.sha256) problems.push(`${f.path}: sha256 differs from the manifest`);
  }

  // Texts of every generated document, PDF and DOCX.
  const texts = new Map<string, string>();
  for (const f of manifest.files) {
    const bytes = packet.files.get(f.path);
    if (!bytes || f.type === 'exhibit') continue;
    texts.set(f.path, compact(f.format === 'pdf' ? pdfText(bytes) : docxXmlText(bytes)));
  }
  const textOf = (type: string, format: 'pdf' | 'docx' = 'pdf') => {
    const f = manifest.files.find((m) => m.type === type && m.format === format);
    return f ? (texts.get(f.path) ?? '') : '';
  };

  for (const [path, text] of texts) {
    for (const p of PLACEHOLDERS) if (text.includes(p)) problems.push(`${path}: placeholder ${p}`);
  }

  // The contract by its own title only; the e-signature note only for online-signed contracts.
  const title = data.contract.title;
  if (title === undefined) problems.push('contract.title: the contract has no title to name it by');
  for (const [path, text] of texts) {
    for (const m of text.matchAll(/《([^《》]*合同)》/g)) {
      if (m[1] !== title) problems.push(`${path}: names the contract 《${m[1]}》, not its title 《${title}》 (contract.title)`);
    }
  }
  const exhibitNames = manifest.files.filter((f) => f.type === 'exhibit' && f.format === 'pdf').map((f) => f.name);
  const eSignature = exhibitNames.some((n) => n.includes('电子签名记录')) || [...texts.values()].some((t) => t.includes('（电子签名记录）'));
  if (eSignature !== data.contract.onlineSigned) problems.push(`（电子签名记录） ${eSignature ? 'printed for a contract not signed online' : 'missing for an online-signed contract'} (contract.onlineSigned)`);

  // Clause references: every one cited comes from the data, every one needed is cited.
  const complaint = textOf('complaint');
  if (!complaint) problems.push('complaint: missing from the packet');
  const clauses = data.contract.clauses ?? {};
  const known = new Set(Object.values(clauses).filter((v): v is string => typeof v === 'string').map(compact));
  // Articles of statutes and judicial documents (《中华人民共和国民法典》第六百六十七条、…;
  // 法发〔2017〕22号第2条) are the law's, not the contract's.
  const ARTICLE = '第[一二三四五六七八九十百零〇\\d]+条(?:第[一二三四五六七八九十\\d]+款)?';
  const contractPart = complaint.replace(new RegExp(`(《[^》]*》(?:（[^）]*）)?|〔\\d+〕\\d+号）?)(?:${ARTICLE}(?:及|、)?)+`, 'g'), (all, source: string) =>
    source === `《${title}》` ? all : '',
  );
  const cited = [...contractPart.matchAll(new RegExp(ARTICLE, 'g'))].map((m) => m[0]);
  for (const c of cited) if (![...known].some((k) => c.startsWith(k) || k.startsWith(c))) problems.push(`complaint cites ${c}, which is no clause of contract.clauses`);
  const needed: (keyof typeof clauses)[] = ['interest', 'penalty'];
  if (data.contract.compoundInterest) needed.push('compound');
  if (data.claim.accelerated) needed.push('acceleration');
  if (data.contract.jurisdictionCourt) needed.push('jurisdiction');
  for (const n of needed) {
    const v = clauses[n];
    if (v === undefined) problems.push(`contract.clauses.${n}: needed by the complaint and missing`);
    else if (!complaint.includes(compact(v))) problems.push(`complaint does not cite contract.clauses.${n} (${v})`);
  }

  // Parties identical across documents.
  const lender = data.lender;
  const partyDocs = ['complaint', 'legal_rep_certificate', 'power_of_attorney'];
  const expectIn = (types: string[], value: string | undefined, field: string) => {
    if (value === undefined) {
      problems.push(`${field}: missing`);
      return;
    }
    for (const t of types) for (const format of ['pdf', 'docx'] as const) if (!textOf(t, format).includes(compact(value))) problems.push(`${t}.${format} lacks ${field} (${value})`);
  };
  expectIn(partyDocs, lender.name, 'lender.name');
  expectIn(partyDocs, lender.unifiedSocialCreditCode, 'lender.unifiedSocialCreditCode');
  expectIn(partyDocs, lender.legalRepresentative, 'lender.legalRepresentative');
  expectIn(partyDocs, lender.legalRepresentativeTitle, 'lender.legalRepresentativeTitle');
  expectIn(['complaint', 'power_of_attorney', 'firm_letter'], data.borrower.name, 'borrower.name');
  const firm = data.lawFirm;
  const lawyers = firm?.lawyers ?? [];
  if (!firm) problems.push('lawFirm: missing');
  else {
    expectIn(['complaint', 'power_of_attorney', 'firm_letter'], firm.name, 'lawFirm.name');
    expectIn(['power_of_attorney', 'firm_letter'], firm.licenseNumber, 'lawFirm.licenseNumber');
    expectIn(['firm_letter'], firm.phone, 'lawFirm.phone');
    expectIn(['service_address_confirmation'], firm.postcode, 'lawFirm.postcode');
    if (lawyers.length === 0) problems.push('lawFirm.lawyers: missing');
    for (const [i, l] of lawyers.slice(0, 2).entries()) {
      expectIn(['complaint', 'power_of_attorney', 'firm_letter'], l.name, `lawFirm.lawyers[${i}].name`);
      expectIn(['power_of_attorney', 'firm_letter'], l.licenseNumber, `lawFirm.lawyers[${i}].licenseNumber`);
      expectIn(['complaint', 'firm_letter'], l.phone, `lawFirm.lawyers[${i}].phone`);
    }
  }

  // Phones of the right party: the service phone is the lead lawyer's, never the lender's hotline.
  const hotline = lender.phone ?? lender.letterhead?.phone;
  const service = textOf('service_address_confirmation');
  if (lawyers[0] && !service.includes(compact(lawyers[0].phone))) problems.push(`service_address_confirmation: the phone is not the lead lawyer's (lawFirm.lawyers[0].phone ${lawyers[0].phone})`);
  if (hotline && service.includes(compact(hotline))) problems.push(`service_address_confirmation: prints the lender's phone (lender.phone ${hotline}) as the service number`);
  const agentBlock = complaint.slice(complaint.indexOf('委托诉讼代理人'), complaint.indexOf('是否接受电子送达'));
  if (hotline && agentBlock.includes(compact(hotline))) problems.push(`complaint: the agent or service phone is the lender's (lender.phone ${hotline})`);

  // Required documents and exhibits, in filing order.
  const filing = manifest.files.filter((f) => f.role === 'filing');
  const rankOf = (f: (typeof filing)[number]): string => (f.type === 'exhibit' ? (f.path.includes('_主体资格_') ? 'lender_licence' : 'exhibit') : f.type);
  const order = filing.map(rankOf);
  const leading = order.filter((t) => t !== 'exhibit');
  if (leading.join(',') !== FILING_ORDER.join(',')) problems.push(`filing order is ${leading.join(' → ')}, expected ${FILING_ORDER.join(' → ')}`);
  const firstExhibit = order.indexOf('exhibit');
  if (firstExhibit !== -1 && order.slice(firstExhibit).some((t) => t !== 'exhibit')) problems.push('a filing document comes after the exhibits');
  const numbers = filing.filter((f) => rankOf(f) === 'exhibit').map((f) => f.exhibitNumber ?? 0);
  if (numbers.some((n, i) => n !== i + 1)) problems.push(`exhibits are not numbered 1…n in order: ${numbers.join(',')}`);
  const kinds = new Set((data.exhibits ?? []).map((e) => e.kind));
  const requiredExhibits: ExhibitKind[] = ['lender_licence', 'borrower_identity', 'loan_contract', 'disbursement_record', 'repayment_ledger'];
  if (data.claim.accelerated) requiredExhibits.push('demand_delivery');
  for (const k of requiredExhibits) if (!kinds.has(k)) problems.push(`exhibit ${k}: missing from the evidence`);
  if (numbers.length !== (data.exhibits ?? []).length) problems.push(`the packet files ${numbers.length} exhibits, the evidence list has ${(data.exhibits ?? []).length}`);
  const evidenceList = textOf('evidence_list');
  for (const e of data.exhibits ?? []) if (!evidenceList.includes(compact(e.name))) problems.push(`evidence_list lacks exhibit ${e.number} (${e.name})`);

  // An acceleration relies on the demand that declared it and its delivery.
  if (data.claim.accelerated) {
    const d = data.issuedDemand?.delivery;
    if (!d) problems.push('issuedDemand.delivery: an accelerated claim needs the delivered demand');
    else if (d.trackingNumber && !complaint.includes(d.trackingNumber)) problems.push(`complaint does not cite the demand's delivery (issuedDemand.delivery.trackingNumber ${d.trackingNumber})`);
  }
  return problems;
}
