/**
 * DOCX renderer: the same document model as the PDF, for lawyers who edit before filing. Same text
 * (list markers are literal text, not Word numbering), A4 with 2.5 cm margins, header rows of
 * tables repeated on every page (`tableHeader`), "第 N 页 共 M 页" from PAGE / NUMPAGES fields.
 *
 * Typeset so that Word and LibreOffice lay it out alike: tables have a fixed layout with an explicit
 * grid and cell widths, fitted to the content (./table-columns.ts) with advances at least as wide
 * as those of any font a reader may have, so an amount or a date never wraps in its cell. The text
 * is set in SimSun (宋体) for Chinese and Times New Roman for Latin and figures, the fonts of a
 * Chinese court filing, both declared in the font table (SimSun as GB 2312, altName 宋体) so that a
 * machine without them substitutes a Song face (LibreOffice on Linux: Noto Serif CJK SC, Liberation
 * Serif); the language is zh-CN for Chinese text and en-US for Latin text and figures, as Word
 * sets it for Chinese documents (with zh-CN for figures too, LibreOffice breaks `27%` as `2` / `7%`).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type Faces, isWide } from './layout.ts';
import type { Align, Block, DocumentModel, Run } from './model.ts';
import { listMarker } from './model.ts';
import { type ColumnCell, elementCells, elementColumns, fitColumns, tableCells } from './table-columns.ts';

interface DocxFonts {
  /** Latin text (ascii / hAnsi). */
  latin: string;
  /** East Asian text. */
  eastAsia: string;
}

export interface DocxOptions {
  /** Default: Times New Roman for Latin text and figures, SimSun (宋体) for Chinese. */
  fonts?: DocxFonts;
  creator?: string;
}

const DEFAULT_DOCX_FONTS: DocxFonts = { latin: 'Times New Roman', eastAsia: 'SimSun' };

/**
 * The font table: the faces the document names, with what a word processor needs to substitute
 * them where they are not installed (charset, family, panose as Windows reports them; SimSun's
 * Chinese name as altName). Given to the packer as the package's word/fontTable.xml.
 */
const KNOWN_FONTS: Record<string, string> = {
  SimSun: '<w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>',
  'Times New Roman': '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>',
};

function fontTable(fonts: DocxFonts): string {
  const names = [...new Set([fonts.eastAsia, fonts.latin])];
  const escape = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    names.map((n) => `<w:font w:name="${escape(n)}">${KNOWN_FONTS[n] ?? ''}</w:font>`).join('') +
    '</w:fonts>'
  );
}

/**
 * Advances (per 1000 em) no narrower than those of the fonts a reader may set the DOCX in (SimSun,
 * Times New Roman, Noto Serif CJK SC, their bold faces), for column widths only.
 */
function estimatedAdvance(cp: number): number {
  if (isWide(cp)) return 1000;
  const ch = String.fromCodePoint(cp);
  if (/[0-9]/.test(ch)) return 620;
  if (/[,.:;'|!]/.test(ch)) return 360;
  if (ch === ' ') return 300;
  if (/[%MW@]/.test(ch)) return 1000;
  if (/[A-Z]|[mw]/.test(ch)) return 800;
  return 600;
}

/** Bold faces (or Word's synthesized bold) set figures up to 5% wider. */
const estimate = (bold: boolean) => ({ unitsPerEm: 1000, glyphOrNotdef: (cp: number) => ({ advanceWidth: estimatedAdvance(cp) * (bold ? 1.05 : 1) }) });
const ESTIMATE_REGULAR = estimate(false);
const ESTIMATE_BOLD = estimate(true);
const WIDTH_ESTIMATE: Faces = { faceFor: (_cp, bold) => (bold ? ESTIMATE_BOLD : ESTIMATE_REGULAR) };

const TWIPS_PER_CM = 1440 / 2.54;
const PAGE = { width: 11906, height: 16838 };
const MARGIN = Math.round(2.5 * TWIPS_PER_CM);
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
/** Sizes in half-points, mirroring pdf.ts. */
const SIZE = { body: 24, table: 21, h1: 40, h2: 27, h3: 24, letterheadName: 36, letterheadLine: 19, footer: 18 };
const LINE = { body: 420, table: 300 };
const HEADER_FILL = 'EDEDED';
const LABEL_FILL = 'F5F5F5';
const SECTION_FILL = 'E3E3E3';

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
} as const;

function textRuns(runs: readonly Run[], opts: { size?: number; bold?: boolean } = {}): TextRun[] {
  const out: TextRun[] = [];
  for (const run of runs) {
    run.text.split('\n').forEach((part, i) => {
      const bold = run.bold || opts.bold;
      out.push(
        i === 0 && !bold && !opts.size
          ? new TextRun(part)
          : new TextRun({ text: part, ...(i > 0 ? { break: 1 } : {}), ...(bold ? { bold: true } : {}), ...(opts.size ? { size: opts.size } : {}) }),
      );
    });
  }
  return out;
}

function para(runs: readonly Run[], align: Align, opts: { size?: number; bold?: boolean; indent?: boolean; line?: number; before?: number; after?: number; keepNext?: boolean; style?: string } = {}): Paragraph {
  const spacing = opts.line !== undefined || opts.before !== undefined || opts.after !== undefined;
  return new Paragraph({
    ...(opts.style ? { style: opts.style } : {}),
    ...(align !== 'left' ? { alignment: ALIGN[align] } : {}),
    children: textRuns(runs, opts),
    ...(spacing ? { spacing: { line: opts.line ?? LINE.body, before: opts.before ?? 0, after: opts.after ?? 0 } } : {}),
    ...(opts.indent ? { indent: { firstLine: 2 * 12 * 20 } } : {}),
    ...(opts.keepNext ? { keepNext: true } : {}),
  });
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const tableBorders = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };
const tableMargins = { left: 80, right: 80, top: 60, bottom: 60 };

/** Table cells: size and spacing come from the "Cell" paragraph style, borders and margins from the table. */
function cell(runs: readonly Run[], opts: { align: Align; fill?: string; bold?: boolean; span?: number }): TableCell {
  return new TableCell({
    children: [para(runs, opts.align, { style: 'Cell', ...(opts.bold ? { bold: true } : {}) })],
    ...(opts.span && opts.span > 1 ? { columnSpan: opts.span } : {}),
    ...(opts.fill ? { shading: { type: ShadingType.CLEAR, fill: opts.fill, color: 'auto' } } : {}),
  });
}

function table(rows: TableRow[], widths: number[]): Table {
  return new Table({ rows, columnWidths: widths, width: { size: CONTENT_WIDTH, type: WidthType.DXA }, layout: TableLayoutType.FIXED, borders: tableBorders, margins: tableMargins });
}

/** Column widths in whole twips summing to the text width: the template's relative widths fitted to the content. */
function columnWidths(relative: number[], cells: ColumnCell[]): number[] {
  const fitted = fitColumns(relative, cells, CONTENT_WIDTH, { size: SIZE.table * 10, padding: tableMargins.left + tableMargins.right, faces: WIDTH_ESTIMATE });
  const out = fitted.map((w) => Math.floor(w));
  out[out.length - 1]! += CONTENT_WIDTH - out.reduce((s, w) => s + w, 0);
  return out;
}

function blockToDocx(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'letterhead':
      return [
        para(b.name, 'center', { size: SIZE.letterheadName, bold: true, line: 400 }),
        ...b.lines.map((l) => para(l, 'center', { size: SIZE.letterheadLine, line: 280 })),
        new Paragraph({
          children: [],
          spacing: { after: 240 },
          border: { bottom: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 18, color: '000000', space: 1 } },
        }),
      ];
    case 'heading': {
      const size = b.level === 1 ? SIZE.h1 : b.level === 2 ? SIZE.h2 : SIZE.h3;
      return [para(b.runs, b.align, { size, bold: true, line: b.level === 1 ? 600 : 440, before: b.level === 1 ? 0 : 160, after: b.level === 1 ? 280 : 80, keepNext: true })];
    }
    case 'paragraph':
      return [para(b.runs, b.align, { indent: b.indent })];
    case 'list':
      return b.items.map(
        (item, i) =>
          new Paragraph({
            alignment: AlignmentType.BOTH,
            children: [new TextRun({ text: listMarker(b.style, i + 1) }), ...textRuns(item)],
            indent: { left: 2 * 240 + 420, hanging: 420 },
          }),
      );
    case 'table': {
      const widths = columnWidths(b.columns.map((c) => c.width), tableCells(b));
      const rows = b.rows.map((cells, r) => {
        const header = r < b.headerRows;
        let col = 0;
        return new TableRow({
          ...(header ? { tableHeader: true } : {}),
          children: cells.map((c) => {
            const span = c.colSpan ?? 1;
            const align = header ? 'center' : (b.columns[col]?.align ?? 'left');
            col += span;
            return cell(c.runs, { align, span, ...(header ? { fill: HEADER_FILL, bold: true } : {}) });
          }),
        });
      });
      return [table(rows, widths), para([], 'left', { line: 240 })];
    }
    case 'elements': {
      const widths = columnWidths(elementColumns(b), elementCells(b));
      const rows = b.rows.map((row) =>
        row.kind === 'section'
          ? new TableRow({ children: [cell(row.title, { align: 'center', fill: SECTION_FILL, bold: true, span: 2 })] })
          : new TableRow({ children: [cell(row.label, { align: 'left', fill: LABEL_FILL, bold: true }), cell(row.value, { align: 'left' })] }),
      );
      return [table(rows, widths), para([], 'left', { line: 240 })];
    }
    case 'signature':
      return b.lines.map((l, i) => new Paragraph({ alignment: AlignmentType.RIGHT, children: textRuns(l), spacing: { line: LINE.body, before: i === 0 ? 420 : 0 }, indent: { right: 480 }, keepNext: i < b.lines.length - 1, keepLines: true }));
    case 'seal':
      return [];
    case 'spacer':
      return Array.from({ length: b.lines }, () => para([], 'left'));
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

/** Renders the model to a DOCX file. */
export async function renderDocx(model: DocumentModel, options: DocxOptions = {}): Promise<{ bytes: Buffer }> {
  const fonts = options.fonts ?? DEFAULT_DOCX_FONTS;
  const doc = new Document({
    title: model.title,
    subject: `template ${model.template.name} ${model.template.version}`,
    keywords: `template=${model.template.name};version=${model.template.version}`,
    creator: options.creator ?? 'legal-escalation documents',
    styles: {
      default: {
        document: {
          run: { font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.eastAsia, cs: fonts.latin }, size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: LINE.body, before: 0, after: 0 } },
        },
      },
      paragraphStyles: [{ id: 'Cell', name: 'Table Cell', basedOn: 'Normal', run: { size: SIZE.table }, paragraph: { spacing: { line: LINE.table, before: 0, after: 0 } } }],
    },
    sections: [
      {
        properties: {
          page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, footer: Math.round(MARGIN / 2) } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: SIZE.footer, children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'] })],
              }),
            ],
          }),
        },
        children: model.blocks.flatMap(blockToDocx),
      },
    ],
  });
  return { bytes: await Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTable(fonts) }]) };
}
