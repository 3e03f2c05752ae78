/**
 * DOCX typesetting as Word and LibreOffice read it (the package's XML, read back with unzip):
 * every table has a fixed layout with an explicit grid and cell widths that sum to the text width,
 * a figure (amount, rate, date, number) fits its cell on one line at advances wider than any font
 * a reader may set it in, the fonts are named with their CJK fallback and the language is zh-CN;
 * and every document counts in one numeral style. The PDF of a table squeezed by its template
 * keeps its figures whole as well.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../../src/documents/docx.ts';
import { generate, type GeneratedDocument } from '../../../src/documents/generate.ts';
import { type DocumentModel, modelText } from '../../../src/documents/model.ts';
import { renderPdf } from '../../../src/documents/pdf.ts';
import { DOCUMENTS } from '../../../src/documents/registry.ts';
import { DOCUMENT_TYPES } from '../../../src/domain/documents.ts';
import { caseInput } from './fixtures.ts';
import { docxPart, pdfText } from './helpers.ts';

const docs: GeneratedDocument[] = [];
beforeAll(async () => {
  for (const type of DOCUMENT_TYPES) docs.push(await generate(DOCUMENTS[type], caseInput(), { formats: ['docx'] }));
}, 120_000);

const attr = (xml: string, name: string): number => Number(new RegExp(`w:${name}="(\\d+)"`).exec(xml)?.[1] ?? NaN);

/** The text width of the section: page width minus the left and right margins, in twips. */
function textWidth(documentXml: string): number {
  const pgSz = /<w:pgSz [^>]*>/.exec(documentXml)![0];
  const pgMar = /<w:pgMar [^>]*>/.exec(documentXml)![0];
  return attr(pgSz, 'w') - attr(pgMar, 'left') - attr(pgMar, 'right');
}

interface Cell {
  width: number;
  span: number;
  text: string;
  bold: boolean;
}

interface Table {
  layout: string | undefined;
  grid: number[];
  rows: Cell[][];
  marginLeft: number;
  marginRight: number;
}

function tables(documentXml: string): Table[] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map(([, tbl]) => ({
    layout: /<w:tblLayout w:type="(\w+)"/.exec(tbl!)?.[1],
    grid: [...tbl!.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1])),
    marginLeft: attr(/<w:tblCellMar>[\s\S]*?<w:left [^>]*>/.exec(tbl!)?.[0] ?? '', 'w'),
    marginRight: attr(/<w:tblCellMar>[\s\S]*?<w:right [^>]*>/.exec(tbl!)?.[0] ?? '', 'w'),
    rows: [...tbl!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map(([, tr]) =>
      [...tr!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(([, tc]) => ({
        width: attr(/<w:tcW [^>]*>/.exec(tc!)?.[0] ?? '', 'w'),
        span: Number(/<w:gridSpan w:val="(\d+)"/.exec(tc!)?.[1] ?? 1),
        text: tc!.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, ''),
        bold: tc!.includes('<w:b/>'),
      })),
    ),
  }));
}

/**
 * Figures a clerk reads as one: amounts (40,044.33), rates (27%), dates (2024-05-15, 2024年5月15日),
 * counts and numbers (licence numbers, page ranges 1–6).
 */
const FIGURE = /\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}|[\d,.]*\d(?:%|元)?(?:–\d+)?/g;

/**
 * Width of a figure in twips at `halfPoints`, with advances wider than those of SimSun, Times New
 * Roman and Noto Serif CJK SC (their bold too): 0.62 em a digit, 0.36 em a separator, 1 em a wide
 * character or a percent sign.
 */
function figureWidth(figure: string, halfPoints: number): number {
  let em = 0;
  for (const ch of figure) em += /[0-9–]/.test(ch) ? 0.62 : /[,.-]/.test(ch) ? 0.36 : 1;
  return em * halfPoints * 10;
}

const CELL_SIZE = 21; // half-points: the "Cell" paragraph style

describe('DOCX tables: fixed layout, widths from content', () => {
  it('have a fixed layout, a grid and cell widths that sum to the text width', () => {
    let checked = 0;
    for (const doc of docs) {
      const xml = docxPart(doc.docx!.bytes, 'word/document.xml');
      const width = textWidth(xml);
      expect(width, doc.type).toBe(9072);
      for (const [t, table] of tables(xml).entries()) {
        const where = `${doc.type} table ${t + 1}`;
        expect(table.layout, where).toBe('fixed');
        expect(table.grid.reduce((s, w) => s + w, 0), `${where}: grid`).toBe(width);
        for (const [r, row] of table.rows.entries()) {
          let column = 0;
          for (const cell of row) {
            const grid = table.grid.slice(column, column + cell.span).reduce((s, w) => s + w, 0);
            expect(cell.width, `${where} row ${r + 1}: a cell's width is that of its grid columns`).toBe(grid);
            column += cell.span;
          }
          expect(column, `${where} row ${r + 1}: cells cover the grid`).toBe(table.grid.length);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });

  it('fit every figure of a cell (amount, rate, date, number) on one line', () => {
    let figures = 0;
    for (const doc of docs) {
      const xml = docxPart(doc.docx!.bytes, 'word/document.xml');
      for (const [t, table] of tables(xml).entries()) {
        for (const row of table.rows) {
          for (const cell of row) {
            const room = cell.width - table.marginLeft - table.marginRight;
            for (const [figure] of cell.text.matchAll(FIGURE)) {
              const need = figureWidth(figure, CELL_SIZE) * (cell.bold ? 1.05 : 1);
              expect(need, `${doc.type} table ${t + 1}: ${figure} needs ${need.toFixed(0)} twips, the cell has ${room}`).toBeLessThanOrEqual(room);
              figures += 1;
            }
          }
        }
      }
    }
    expect(figures).toBeGreaterThan(300);
    // The claim calculation's amounts, the widest in the fixture, among them.
    const calc = docxPart(docs.find((d) => d.type === 'claim_calculation')!.docx!.bytes, 'word/document.xml');
    expect(calc).toContain('43,652.87');
  });

  it('widen a column its template makes too narrow for its figures, in the DOCX and the PDF', async () => {
    const amounts = ['12,345,678,901.23', '40,044.33', '2,024,000.00'];
    const model: DocumentModel = {
      template: { name: 'squeezed', version: '1.0.0' },
      title: 'squeezed',
      blocks: [
        {
          kind: 'table',
          columns: [
            { width: 90, align: 'left' },
            { width: 5, align: 'right' },
            { width: 5, align: 'center' },
          ],
          headerRows: 1,
          rows: [
            [{ runs: [{ text: '说明' }] }, { runs: [{ text: '金额' }] }, { runs: [{ text: '日期' }] }],
            ...amounts.map((a, i) => [{ runs: [{ text: '借款人尚欠的款项，按合同约定计算。'.repeat(3) }] }, { runs: [{ text: a }] }, { runs: [{ text: `2024年1${i}月3${i}日` }] }]),
          ],
        },
      ],
    };
    const xml = docxPart((await renderDocx(model)).bytes, 'word/document.xml');
    const [table] = tables(xml);
    const room = (col: number) => table!.grid[col]! - table!.marginLeft - table!.marginRight;
    expect(room(1)).toBeGreaterThanOrEqual(figureWidth('12,345,678,901.23', CELL_SIZE));
    expect(room(2)).toBeGreaterThanOrEqual(figureWidth('2024年12月32日', CELL_SIZE));
    expect(table!.grid.reduce((s, w) => s + w, 0)).toBe(9072);
    // The PDF: each amount and date whole on one line (pdftotext -raw joins the cells of a baseline).
    const lines = pdfText((await renderPdf(model)).bytes).split('\n');
    for (const [i, a] of amounts.entries()) {
      expect(lines.some((l) => l.includes(a)), a).toBe(true);
      expect(lines.some((l) => l.includes(`2024年1${i}月3${i}日`)), `date ${i}`).toBe(true);
    }
  });
});

describe('DOCX fonts and language', () => {
  it('names SimSun (宋体) for Chinese and Times New Roman for figures, declared for substitution, with zh-CN', () => {
    for (const doc of docs) {
      const styles = docxPart(doc.docx!.bytes, 'word/styles.xml');
      const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
      expect(defaults, doc.type).toMatch(/<w:rFonts [^>]*w:eastAsia="SimSun"/);
      expect(defaults, doc.type).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"[^>]*w:hAnsi="Times New Roman"|<w:rFonts [^>]*w:hAnsi="Times New Roman"/);
      expect(defaults, doc.type).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
      const fonts = docxPart(doc.docx!.bytes, 'word/fontTable.xml');
      expect(fonts, doc.type).toMatch(/<w:font w:name="SimSun"><w:altName w:val="宋体"\/>[\s\S]*?<w:charset w:val="86"\/>/);
      expect(fonts, doc.type).toContain('<w:font w:name="Times New Roman">');
    }
  });
});

describe('numerals', () => {
  it('counts copies, pieces and pages in one numeral style per document (一份 or 1份, never both)', async () => {
    const input = caseInput();
    for (const type of DOCUMENT_TYPES) {
      const text = modelText((await generate(DOCUMENTS[type], input, { formats: ['docx'] })).model);
      const styles = new Set([...text.matchAll(/([一二三四五六七八九十两]+|\d+)(?=[份页张套])/g)].map((m) => (/\d/.test(m[1]!) ? 'digits' : 'chinese')));
      expect(styles.size, `${type}: ${[...styles].join(' and ')}`).toBeLessThanOrEqual(1);
    }
  });
});
