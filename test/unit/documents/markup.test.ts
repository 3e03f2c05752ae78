import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import Mustache from 'mustache';
import { parseMarkup, ValueSlots } from '../../../src/documents/markup.ts';
import type { Block, DocumentModel } from '../../../src/documents/model.ts';
import { modelText } from '../../../src/documents/model.ts';
import { generate, type GenerateOptions, type GeneratedDocument } from '../../../src/documents/generate.ts';
import type { CaseDocumentsInput } from '../../../src/documents/input.ts';
import { DOCUMENTS } from '../../../src/documents/registry.ts';
import { DOCUMENT_TYPES } from '../../../src/domain/documents.ts';
import { caseInput } from './fixtures.ts';
import { compact, docxText, pdfText, withoutFooters } from './helpers.ts';

function render(template: string, view: object): Block[] {
  const slots = new ValueSlots();
  return parseMarkup(Mustache.render(template, view, undefined, { escape: slots.escape }), slots);
}

describe('markup', () => {
  it('parses headings, paragraphs, lists, tables, elements, signature, seal', () => {
    const blocks = render(
      [
        '# 标题',
        '## 一、小节',
        '正文**加粗**正文<br>第二行',
        '< 左',
        '> 右',
        '^ 中',
        '+ 甲',
        '+ 乙',
        '::list chinese',
        '+ 丙',
        '::end',
        '::table widths=1,2,3 header=1 align=l,c,r',
        '| a | b | c |',
        '| @2 ab | c |',
        '::end',
        '::elements label=30',
        '== 节',
        '| 键 | 值 |',
        '::end',
        '::signature',
        '签名',
        '::end',
        '::seal',
        '::space 2',
        '::pagebreak',
      ].join('\n'),
      {},
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'list', 'list', 'table', 'elements', 'signature', 'seal', 'spacer', 'pageBreak']);
    expect(blocks[2]).toEqual({ kind: 'paragraph', align: 'justify', indent: true, runs: [{ text: '正文' }, { text: '加粗', bold: true }, { text: '正文\n第二行' }] });
    expect(blocks[6]).toMatchObject({ kind: 'list', style: 'decimal', items: [[{ text: '甲' }], [{ text: '乙' }]] });
    expect(blocks[7]).toMatchObject({ kind: 'list', style: 'chinese' });
    expect(blocks[8]).toMatchObject({ kind: 'table', headerRows: 1, columns: [{ width: 1, align: 'left' }, { width: 2, align: 'center' }, { width: 3, align: 'right' }] });
    expect((blocks[8] as Extract<Block, { kind: 'table' }>).rows[1]![0]).toEqual({ runs: [{ text: 'ab' }], colSpan: 2 });
  });

  it('reports malformed markup', () => {
    expect(() => render('::table\n| a |\n', {})).toThrow(/not closed/);
    expect(() => render('::table widths=1,2\n| a |\n::end', {})).toThrow(/widths/);
    expect(() => render('::table\n| a | b |\n| a |\n::end', {})).toThrow(/columns/);
    expect(() => render('::nope', {})).toThrow(/unknown directive/);
    expect(() => render('::end', {})).toThrow(/without an open block/);
  });

  const INJECTIONS = ['{{x}}', '<b>', '| a | b |', '张\n三', '# 标题', '**粗**', '::pagebreak', '<br>', '\uE0000\uE001', '@2 x', '== 节', '+ 项'];

  it.each(INJECTIONS)('keeps the value %j literal and the structure unchanged', (value) => {
    const tpl = '# {{v}}\n{{v}}\n< {{v}}\n+ {{v}}\n::table header=1\n| {{v}} | x |\n| y | {{v}} |\n::end\n::elements\n| {{v}} | {{v}} |\n::end\n::signature\n{{v}}\n::end\n';
    const plain = render(tpl, { v: 'N' });
    const injected = render(tpl, { v: value });
    const replaced = JSON.parse(JSON.stringify(plain).replaceAll('"N"', JSON.stringify(value)));
    expect(injected).toEqual(replaced);
  });
});

function shape(model: DocumentModel): unknown[] {
  return model.blocks.map((b) => {
    switch (b.kind) {
      case 'table':
        return [b.kind, b.headerRows, b.rows.map((r) => r.length)];
      case 'elements':
        return [b.kind, b.rows.map((r) => r.kind)];
      case 'list':
        return [b.kind, b.items.length];
      case 'signature':
        return [b.kind, b.lines.length];
      case 'letterhead':
        return [b.kind, b.lines.length];
      default:
        return [b.kind];
    }
  });
}

describe('injection through case data', () => {
  /** Every document of one case, in DOCUMENT_TYPES order. */
  const generateAll = async (input: CaseDocumentsInput, options?: GenerateOptions): Promise<GeneratedDocument[]> => {
    const docs: GeneratedDocument[] = [];
    for (const type of DOCUMENT_TYPES) docs.push(await generate(DOCUMENTS[type], input, options));
    return docs;
  };
  const names = ['{{x}}', '<b>', '| a | b |', '刘\n䶮𠮷'];
  it.each(names)('borrower and lender named %j come out literally in every document, PDF and DOCX', async (name) => {
    const base = caseInput();
    const input = caseInput({ borrower: { ...base.borrower, name }, lender: { ...base.lender, name: `示例${name}消费金融` } });
    const normal = await generateAll(base, { formats: [] });
    const docs = await generateAll(input);
    for (const [i, doc] of docs.entries()) {
      expect(shape(doc.model), doc.type).toEqual(shape(normal[i]!.model));
      const expected = compact(name);
      expect(compact(modelText(doc.model)), doc.type).toContain(expected);
      if (doc.type !== 'legal_rep_certificate') expect(compact(modelText(doc.model)).split(expected).length - 1, doc.type).toBeGreaterThan(0);
      expect(compact(withoutFooters(pdfText(doc.pdf!.bytes))), `${doc.type} PDF`).toContain(compact(`示例${name}消费金融`));
      expect(compact(await docxText(doc.docx!.bytes)), `${doc.type} DOCX`).toContain(compact(`示例${name}消费金融`));
    }
  });

  it('a name with a newline breaks the line inside its own cell, nowhere else', async () => {
    const base = caseInput();
    const doc = await generate(DOCUMENTS.complaint, caseInput({ borrower: { ...base.borrower, name: '刘\n䶮𠮷' } }), { formats: ['docx'] });
    const elements = doc.model.blocks.find((b) => b.kind === 'elements');
    const defendant = elements?.kind === 'elements' ? elements.rows.find((r) => r.kind === 'item' && r.label[0]?.text === '被告（自然人）') : undefined;
    expect(defendant?.kind === 'item' && defendant.value.map((r) => r.text).join('')).toContain('姓名：刘\n䶮𠮷\n性别');
    // mammoth's raw text drops <w:br/>; its HTML keeps it
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(doc.docx!.bytes) });
    expect(html).toMatch(/姓名：刘<br \/>䶮𠮷<br \/>性别/);
  });
});
