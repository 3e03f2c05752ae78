import { beforeAll, describe, expect, it } from 'vitest';
import { fenInWords, formatFen } from '../../../src/documents/format.ts';
import { generate, type GeneratedDocument } from '../../../src/documents/generate.ts';
import { modelText, type Block } from '../../../src/documents/model.ts';
import { DOCUMENTS } from '../../../src/documents/registry.ts';
import { DOCUMENT_TYPES, type DocumentType } from '../../../src/domain/documents.ts';
import { BORROWER_NAME, caseInput, claimFixture } from './fixtures.ts';
import { compact, docxPart, docxText, pdfFonts, pdfInfo, pdfText, withoutFooters } from './helpers.ts';

interface Extracted {
  doc: GeneratedDocument;
  pdfRaw: string;
  pdfLayout: string;
  docx: string;
}

const input = caseInput();
const claim = claimFixture();
const docs = new Map<DocumentType, Extracted>();

beforeAll(async () => {
  for (const type of DOCUMENT_TYPES) {
    const doc = await generate(DOCUMENTS[type], input);
    docs.set(doc.type, { doc, pdfRaw: pdfText(doc.pdf!.bytes, 'raw'), pdfLayout: pdfText(doc.pdf!.bytes, 'layout'), docx: await docxText(doc.docx!.bytes) });
  }
}, 120_000);

function get(type: DocumentType): Extracted {
  const e = docs.get(type);
  if (!e) throw new Error(`no ${type}`);
  return e;
}

/** Expects every string in both renderings (whitespace ignored). */
function expectInBoth(type: DocumentType, strings: string[]): void {
  const { pdfRaw, docx } = get(type);
  const p = compact(withoutFooters(pdfRaw));
  const d = compact(docx);
  for (const s of strings) {
    expect(p, `${type} PDF lacks ${s}`).toContain(compact(s));
    expect(d, `${type} DOCX lacks ${s}`).toContain(compact(s));
  }
}

const amounts = (fen: number) => [formatFen(fen), fenInWords(fen)];
const lender = input.lender.name;
const firm = input.lawFirm!.name;
const lawyer = input.lawFirm!.leadLawyer;

describe('every document, as PDF and DOCX', () => {
  it('renders all eight documents with their template name and version recorded', () => {
    expect([...docs.keys()].sort()).toEqual([...DOCUMENT_TYPES].sort());
    for (const { doc } of docs.values()) {
      expect(doc.template.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(doc.template.name).toBe(doc.type);
      expect(doc.pdf!.pages).toBeGreaterThan(0);
      const info = pdfInfo(doc.pdf!.bytes);
      expect(info.Pages).toBe(String(doc.pdf!.pages));
      expect(info['Page size']).toMatch(/595\.\d+ x 841\.\d+ pts \(A4\)/);
      expect(info.Subject).toBe(`template ${doc.template.name} ${doc.template.version}`);
      expect(doc.docx!.bytes.subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('embeds Noto Serif CJK SC as a subset', () => {
    const fonts = pdfFonts(get('complaint').doc.pdf!.bytes);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSerifCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/NotoSerifCJKsc-Bold/);
  });

  it('numbers every page "第 N 页 共 M 页"', () => {
    for (const { doc, pdfLayout } of docs.values()) {
      const pages = doc.pdf!.pages;
      // pdftotext drops the narrow spaces of the footer; compare without whitespace.
      const perPage = pdfLayout.split('\f').map(compact);
      for (let n = 1; n <= pages; n++) expect(perPage[n - 1], `${doc.type} page ${n}`).toContain(`第${n}页共${pages}页`);
    }
  });

  it('says the same thing in the PDF and the DOCX', () => {
    for (const { doc, pdfRaw, docx } of docs.values()) {
      // DOCX is linear: exactly the model's text.
      expect(compact(docx), doc.type).toBe(compact(modelText(doc.model)));
      // PDF: every text unit of the model, in drawing order, and nothing else but footers and repeated table headers.
      const pdf = compact(withoutFooters(pdfRaw));
      const units = modelText(doc.model).split('\n').map(compact).filter(Boolean);
      const headerTexts = doc.model.blocks.flatMap((b: Block) =>
        b.kind === 'table' ? b.rows.slice(0, b.headerRows).map((r) => compact(r.map((c) => c.runs.map((x) => x.text).join('')).join(''))) : [],
      );
      const leftover = (gap: string): string => headerTexts.reduce((g, h) => g.split(h).join(''), gap);
      let at = 0;
      for (const u of units) {
        const found = pdf.indexOf(u, at);
        expect(found, `${doc.type}: PDF lacks, or has out of order, ${u}`).toBeGreaterThanOrEqual(0);
        expect(leftover(pdf.slice(at, found)), `${doc.type}: PDF has text the model does not, before ${u}`).toBe('');
        at = found + u.length;
      }
      expect(leftover(pdf.slice(at)), `${doc.type}: PDF has trailing text the model does not`).toBe('');
    }
  });

  it('DOCX: A4, repeated table header rows, PAGE / NUMPAGES footer, SimSun (宋体) for East Asian text', () => {
    const part = (type: DocumentType, name: string) => docxPart(get(type).doc.docx!.bytes, name);
    const doc = part('claim_calculation', 'word/document.xml');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc.match(/<w:tblHeader\/>/g)?.length).toBe(3); // one header row in each of the three tables
    const footer = part('claim_calculation', 'word/footer1.xml');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    expect(compact(footer.replace(/<[^>]+>/g, ' '))).toMatch(/第.*页共.*页/);
    expect(part('complaint', 'word/styles.xml')).toMatch(/w:eastAsia="SimSun"/);
    expect(part('complaint', 'docProps/core.xml')).toContain('template complaint 1.2.0');
  });

  it('renders the rare name characters 𠮷 䶮 堃 喆 赟 into the PDF text', () => {
    const text = get('complaint').pdfRaw;
    for (const ch of ['𠮷', '䶮', '堃', '喆', '赟']) expect(text).toContain(ch);
    expect(text).toContain(BORROWER_NAME);
  });

  it('draws ☑/☐ with a fallback face, per glyph', () => {
    expect(get('complaint').pdfRaw).toContain('☑');
    expect(pdfFonts(get('complaint').doc.pdf!.bytes)).toMatch(/DejaVuSans/);
    expect(pdfFonts(get('demand_letter').doc.pdf!.bytes)).not.toMatch(/DejaVuSans/);
  });
});

describe('催收函 / 律师函', () => {
  const common = [
    lender,
    BORROWER_NAME,
    input.contract.number,
    '2024年1月10日',
    '2024年1月15日',
    '2025年1月15日',
    '18%',
    '等额本息',
    '2024年11月30日',
    '2024年5月15日',
    '2024年12月17日',
    '2024年12月2日',
    input.demand!.letterNumber,
    ...input.demand!.paymentChannels,
    input.demand!.complaintChannel,
    ...amounts(5_000_000),
    ...amounts(claim.totals.totalFen),
    ...amounts(claim.totals.principalFen),
    ...amounts(claim.totals.interestFen),
    ...amounts(claim.totals.penaltyFen),
    ...amounts(claim.totals.compoundFen),
    '本金',
    '利息',
    '罚息',
    '费用',
    '提起诉讼',
  ];
  it('demand letter: facts, amounts as of the date by component, deadline, channels, consequences, complaint channel', () => {
    expectInBoth('demand_letter', [...common, '催收函', '（盖章）']);
  });
  it('lawyer letter: the same, from the firm and its lawyer', () => {
    expectInBoth('lawyer_letter', [...common, '律师函', firm, lawyer]);
  });
  it('lawyer letter: the handling lawyer is reached at their own phone, the lender only as the client', () => {
    const lead = input.lawFirm!.lawyers![0]!;
    const hotline = input.lender.phone ?? input.lender.letterhead!.phone!;
    expectInBoth('lawyer_letter', [`联系委托人（联系电话${hotline}`, `或本所经办律师${lead.name}（联系电话${lead.phone}）`]);
    // Neither the lender's hotline nor the firm's switchboard stands for the lawyer's phone.
    for (const t of [compact(withoutFooters(get('lawyer_letter').pdfRaw)), compact(get('lawyer_letter').docx)]) {
      expect(t).not.toContain(compact(`律师（联系电话${hotline}`));
      expect(t).not.toContain(compact(`律师${lead.name}（联系电话${input.lawFirm!.phone!}`));
    }
  });
  it('masks the borrower identity number and keeps it whole only where the law needs it', () => {
    for (const t of ['demand_letter', 'lawyer_letter'] as const) {
      expectInBoth(t, ['410105********0035']);
      expect(compact(get(t).pdfRaw)).not.toContain(input.borrower.idNumber);
      expect(compact(get(t).docx)).not.toContain(input.borrower.idNumber);
    }
    expectInBoth('complaint', [input.borrower.idNumber]);
  });
});

describe('民事起诉状（要素式）', () => {
  it('has the parties, agent and service address', () => {
    expectInBoth('complaint', [
      lender,
      input.lender.domicile,
      input.lender.unifiedSocialCreditCode,
      '法定代表人：王喆',
      '董事长',
      BORROWER_NAME,
      '性别：男☑女☐',
      '1990年6月18日',
      '汉族',
      input.borrower.address,
      '居民身份证',
      input.borrower.phone,
      firm,
      lawyer,
      '特别授权☑',
      input.lawFirm!.address,
      '是否接受电子送达',
    ]);
  });
  it('has the claims with amounts in figures and words, acceleration, costs and the total', () => {
    expectInBoth('complaint', [
      ...amounts(claim.totals.principalFen),
      ...amounts(claim.totals.totalFen),
      formatFen(claim.totals.interestFen),
      formatFen(claim.totals.penaltyFen),
      formatFen(claim.totals.compoundFen),
      '至实际清偿之日止',
      '提前还款（加速到期）☑',
      '是否主张担保权利',
      '是否主张实现债权的费用',
      '本案诉讼费用由被告承担',
      '标的总额',
      '年利率27%',
      '年利率24%为限',
    ]);
  });
  it('has jurisdiction, preservation, facts, mediation, court, signature and date', () => {
    expectInBoth('complaint', [
      '第十八条',
      '郑州市金水区人民法院',
      '是否申请财产保全措施',
      `编号${input.contract.number}`,
      '签订时间2024年1月10日',
      '签订地点河南省郑州市',
      '实际提供：50,000.00元',
      '年利率18%（第四条）',
      '等额本息☑',
      `已还本金${formatFen(claim.repaid.principalFen)}元`,
      '自2024年5月15日起开始逾期',
      '是否签订保证合同',
      '是否考虑先行调解',
      '是☑否☐暂不确定☐',
      '此致',
      '2025年1月6日',
      ...input.exhibits!.map((e) => e.name),
    ]);
  });
});

describe('证据目录, 欠款计算明细', () => {
  it('evidence list: number, name, source, purpose, pages, original/copy of every exhibit', () => {
    const rows = input.exhibits!.flatMap((e) => [e.name, e.source, e.purpose, e.pages.from === e.pages.to ? `${e.pages.from}` : `${e.pages.from}–${e.pages.to}`, e.original ? '原件' : '复印件']);
    expectInBoth('evidence_list', [lender, BORROWER_NAME, ...rows, '2025年1月6日']);
  });
  it('claim calculation: every line, the cap, the totals in figures and words', () => {
    const lines = claim.lines.map((l) => formatFen(l.amountFen));
    expectInBoth('claim_calculation', [
      input.contract.number,
      ...lines,
      ...amounts(claim.totals.totalFen),
      ...amounts(claim.totals.principalFen),
      claim.cap.explanation,
      '2024-05-15至2024-11-30',
      '提前到期',
      '至实际清偿之日止',
      '日利率按年利率除以360计算',
      '应计金额−已还金额−上限核减=尚欠金额',
    ]);
    // The line tables span pages with their headers repeated.
    const { doc, pdfLayout } = get('claim_calculation');
    expect(doc.pdf!.pages).toBeGreaterThan(1);
    expect(pdfLayout.split('计算基数').length - 1).toBeGreaterThanOrEqual(2);
  });
});

describe('授权委托书, 法定代表人身份证明书, 送达地址确认书', () => {
  it('special authority lists every special power explicitly', () => {
    expectInBoth('power_of_attorney', [lender, firm, lawyer, BORROWER_NAME, '特别授权', '代为承认、放弃、变更诉讼请求', '和解', '反诉', '上诉', '一审']);
  });
  it('general authority says which special powers the agent does not have', async () => {
    const doc = await generate(DOCUMENTS.power_of_attorney, caseInput({ lawsuit: { ...input.lawsuit!, authority: 'general' } }));
    const text = compact(await docxText(doc.docx!.bytes));
    expect(text).toContain('一般授权');
    expect(text).toContain(compact('无权代为承认诉讼请求、放弃诉讼请求、变更诉讼请求、进行和解、提起反诉、提起上诉'));
    expect(compact(pdfText(doc.pdf!.bytes))).toContain(compact('无权代为承认诉讼请求、放弃诉讼请求、变更诉讼请求、进行和解、提起反诉、提起上诉'));
  });
  it('legal representative certificate names company, representative and title', () => {
    expectInBoth('legal_rep_certificate', [lender, '王喆在我单位任董事长职务', input.lender.unifiedSocialCreditCode]);
  });
  it("service address confirmation has postcode, address, the lead lawyer's phone and e-mail, electronic service and scope", () => {
    expectInBoth('service_address_confirmation', [
      input.lawFirm!.address,
      input.lawFirm!.postcode!,
      input.lawFirm!.lawyers![0]!.phone,
      input.lawFirm!.lawyers![0]!.email!,
      '是否同意电子送达',
      '是☑否☐',
      '一审☑二审☑再审☑执行☑',
      lender,
    ]);
  });
});
