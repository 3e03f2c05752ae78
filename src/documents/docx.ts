/**
 * DOCX renderer: the same document model as the PDF, for lawyers who edit before filing. Same text
 * (list markers are literal text, not Word numbering), A4 with 2.5 cm margins, header rows of
 * tables repeated on every page (`tableHeader`), "第 N 页 共 M 页" from PAGE / NUMPAGES fields.
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
import type { Align, Block, DocumentModel, Run } from './model.ts';
import { listMarker } from './model.ts';

interface DocxFonts {
  /** Latin text (ascii / hAnsi). */
  latin: string;
  /** East Asian text. */
  eastAsia: string;
}

export interface DocxOptions {
  /** Default: Noto Serif CJK SC for both, as in the PDF; use 宋体 / SimSun for machines without Noto. */
  fonts?: DocxFonts;
  creator?: string;
}

const DEFAULT_DOCX_FONTS: DocxFonts = { latin: 'Noto Serif CJK SC', eastAsia: 'Noto Serif CJK SC' };

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

function scaleWidths(widths: number[]): number[] {
  const total = widths.reduce((s, w) => s + w, 0);
  const out = widths.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
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
      const widths = scaleWidths(b.columns.map((c) => c.width));
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
      const widths = scaleWidths([b.labelWidth, 100 - b.labelWidth]);
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
          run: { font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.eastAsia, cs: fonts.latin }, size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
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
  return { bytes: await Packer.toBuffer(doc) };
}
