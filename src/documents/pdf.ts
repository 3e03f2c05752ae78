/**
 * PDF renderer: draws the document model with pdfkit on A4, 2.5 cm margins, Noto Serif CJK SC
 * embedded as a subset, "第 N 页 共 M 页" in every footer, tables that break across pages with
 * their header rows repeated. Lines are broken here (layout.ts) and drawn at explicit positions,
 * so a table cell's height is known before it is drawn.
 */
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel, ElementsBlock, Run, TableBlock } from './model.ts';
import { listMarker } from './model.ts';
import { DEFAULT_FONTS, fontSetFromPath, type FontSet, type Typeface, typefaceFor } from './fonts.ts';
import type { LoadedFont } from './loaded-font.ts';
import { breakLines, type Line } from './layout.ts';
import { type ColumnCell, elementCells, elementColumns, fitColumns, tableCells } from './table-columns.ts';

export interface PdfOptions {
  /** Faces to use; default Noto Serif CJK SC (+ bold, + fallbacks). */
  fonts?: FontSet;
  /** Shorthand for `fonts: fontSetFromPath(fontPath)` (config FONT_PATH). */
  fontPath?: string;
  /** Recorded as the PDF's creation date; fixed dates make identical inputs give identical bytes. */
  creationDate?: Date;
  author?: string;
}

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
}

const CM = 72 / 2.54;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 2.5 * CM, bottom: 2.5 * CM, left: 2.5 * CM, right: 2.5 * CM };

const BODY = { size: 12, lead: 21 };
const TABLE = { size: 10.5, lead: 15, padX: 4, padY: 3.5 };
const HEADING = {
  1: { size: 20, lead: 30, before: 4, after: 14 },
  2: { size: 13.5, lead: 22, before: 8, after: 4 },
  3: { size: 12, lead: 20, before: 4, after: 2 },
} as const;
const HEADER_FILL = '#EDEDED';
const LABEL_FILL = '#F5F5F5';
const SECTION_FILL = '#E3E3E3';
const INK = '#000000';

interface Cell {
  runs: Run[];
  x: number;
  width: number;
  align: 'left' | 'center' | 'right';
  fill: string | null;
  bold: boolean;
}

interface Row {
  cells: Cell[];
  keepWithNext: boolean;
}

interface LaidRow {
  row: Row;
  lines: Line[][];
}

const optionCache = new Map<string, FontSet>();

function resolveFonts(options: PdfOptions): FontSet {
  if (options.fonts) return options.fonts;
  if (options.fontPath) {
    let set = optionCache.get(options.fontPath);
    if (!set) {
      set = fontSetFromPath(options.fontPath);
      optionCache.set(options.fontPath, set);
    }
    return set;
  }
  return DEFAULT_FONTS;
}

class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly tf: Typeface;
  readonly left = MARGIN.left;
  readonly right = PAGE.width - MARGIN.right;
  readonly top = MARGIN.top;
  readonly bottom = PAGE.height - MARGIN.bottom;
  y = MARGIN.top;
  private readonly faceNames = new Map<LoadedFont, string>();
  private lastSignature: { top: number; bottom: number; x: number; right: number; page: number } | null = null;
  private page = 0;

  constructor(doc: PDFKit.PDFDocument, tf: Typeface) {
    this.doc = doc;
    this.tf = tf;
  }

  get width(): number {
    return this.right - this.left;
  }

  private useFace(face: LoadedFont, size: number): void {
    let name = this.faceNames.get(face);
    if (!name) {
      name = `F${this.faceNames.size + 1}`;
      this.doc.registerFont(name, face.pdfkitFont as unknown as string);
      this.faceNames.set(face, name);
    }
    this.doc.font(name).fontSize(size);
  }

  newPage(): void {
    this.doc.addPage();
    this.page += 1;
    this.y = this.top;
  }

  atTop(): boolean {
    return this.y <= this.top + 0.01;
  }

  /** Makes room for `h` points, starting a new page when needed; true when a page was added. */
  ensure(h: number): boolean {
    if (this.y + h <= this.bottom + 0.01 || this.atTop()) return false;
    this.newPage();
    return true;
  }

  /** Draws one line with its top at `top` in a line box `lead` high. */
  drawLine(line: Line, x: number, top: number, size: number, lead: number, width: number, align: 'left' | 'center' | 'right' | 'justify'): void {
    let spacing = 0;
    let start = x;
    if (align === 'right') start = x + width - line.width;
    else if (align === 'center') start = x + (width - line.width) / 2;
    else if (align === 'justify' && !line.hard && line.chars > 1) {
      // Spread the slack of a full line over its gaps; a line cut short by a long word stays ragged.
      const slack = width - line.width;
      const cs = slack / (line.chars - 1);
      if (slack > 0 && slack <= size * 1.5 && cs <= size * 0.25) spacing = cs;
    }
    // Baseline so that the ideographic em box (0.88 em above, 0.12 em below) sits centred in the line box.
    const baseline = top + (lead - size) / 2 + size * 0.88;
    let cx = start;
    for (const p of line.pieces) {
      this.useFace(p.face, size);
      const ascent = (p.face.fk.ascent / p.face.unitsPerEm) * size;
      const fakeBold = p.bold && this.tf.bold === null;
      this.doc.text(p.text, cx, baseline - ascent, {
        lineBreak: false,
        characterSpacing: spacing,
        ...(fakeBold ? { stroke: true, fill: true } : {}),
      });
      if (fakeBold) this.doc.lineWidth(1);
      cx += p.width + spacing * p.chars;
    }
  }

  /** A flowing block of lines (paragraph, list item), broken across pages line by line. */
  flow(lines: Line[], opts: { x: number; width: number; firstX?: number; firstWidth?: number; size: number; lead: number; align: 'left' | 'center' | 'right' | 'justify'; marker?: { text: string; x: number } }): void {
    lines.forEach((line, i) => {
      this.ensure(opts.lead);
      const first = i === 0;
      const x = first && opts.firstX !== undefined ? opts.firstX : opts.x;
      const width = first && opts.firstWidth !== undefined ? opts.firstWidth : opts.width;
      if (first && opts.marker) {
        const [m] = breakLines([{ text: opts.marker.text }], opts.size, this.width, this.tf);
        if (m) this.drawLine(m, opts.marker.x, this.y, opts.size, opts.lead, this.width, 'left');
      }
      this.drawLine(line, x, this.y, opts.size, opts.lead, width, opts.align);
      this.y += opts.lead;
    });
  }

  block(b: Block): void {
    switch (b.kind) {
      case 'letterhead': {
        const nameLines = breakLines(b.name.map((r) => ({ ...r, bold: true })), 18, this.width, this.tf);
        this.flow(nameLines, { x: this.left, width: this.width, size: 18, lead: 26, align: 'center' });
        for (const l of b.lines) this.flow(breakLines(l, 9.5, this.width, this.tf), { x: this.left, width: this.width, size: 9.5, lead: 14, align: 'center' });
        this.y += 4;
        this.doc.save().strokeColor(INK).lineWidth(1.6).moveTo(this.left, this.y).lineTo(this.right, this.y).stroke();
        this.doc.lineWidth(0.5).moveTo(this.left, this.y + 3).lineTo(this.right, this.y + 3).stroke().restore();
        this.y += 16;
        break;
      }
      case 'heading': {
        const h = HEADING[b.level];
        if (!this.atTop()) this.y += h.before;
        const lines = breakLines(b.runs.map((r) => ({ ...r, bold: true })), h.size, this.width, this.tf);
        // Keep a heading with at least two lines of what follows.
        this.ensure(lines.length * h.lead + 2 * BODY.lead);
        this.flow(lines, { x: this.left, width: this.width, size: h.size, lead: h.lead, align: b.align === 'justify' ? 'left' : b.align });
        this.y += h.after;
        break;
      }
      case 'paragraph': {
        const indent = b.indent ? 2 * BODY.size : 0;
        const lines = breakLines(b.runs, BODY.size, this.width, this.tf, this.width - indent);
        this.flow(lines, { x: this.left, width: this.width, firstX: this.left + indent, firstWidth: this.width - indent, size: BODY.size, lead: BODY.lead, align: b.align });
        this.y += 2;
        break;
      }
      case 'list': {
        const indent = 2 * BODY.size;
        b.items.forEach((item, i) => {
          const marker = listMarker(b.style, i + 1);
          const [m] = breakLines([{ text: marker }], BODY.size, this.width, this.tf);
          const mw = Math.max(m?.width ?? 0, BODY.size * 1.5) + 2;
          const x = this.left + indent + mw;
          const width = this.right - x;
          this.flow(breakLines(item, BODY.size, width, this.tf), { x, width, size: BODY.size, lead: BODY.lead, align: 'justify', marker: { text: marker, x: this.left + indent } });
        });
        this.y += 2;
        break;
      }
      case 'table':
        this.table(this.tableRows(b), b.headerRows);
        this.y += 8;
        break;
      case 'elements':
        this.table(this.elementRows(b), 0);
        this.y += 8;
        break;
      case 'signature': {
        const laid = b.lines.map((l) => breakLines(l, BODY.size, this.width * 0.7, this.tf));
        const count = laid.reduce((s, l) => s + l.length, 0);
        this.y += BODY.lead;
        this.ensure(count * BODY.lead);
        const top = this.y;
        const x = this.right - 2 * BODY.size;
        let minX = x;
        for (const lines of laid) {
          for (const line of lines) {
            this.drawLine(line, this.left, this.y, BODY.size, BODY.lead, x - this.left, 'right');
            minX = Math.min(minX, x - line.width);
            this.y += BODY.lead;
          }
        }
        this.lastSignature = { top, bottom: this.y, x: minX, right: x, page: this.page };
        break;
      }
      case 'seal': {
        const r = 46;
        const sig = this.lastSignature;
        let cx: number;
        let cy: number;
        if (sig && sig.page === this.page) {
          // Over the middle of the signer's lines, where the seal is pressed.
          cx = Math.min(this.right - r, (sig.x + sig.right) / 2);
          cy = (sig.top + sig.bottom) / 2;
        } else {
          this.ensure(2 * r + 8);
          cx = this.right - 2 * BODY.size - r;
          cy = this.y + r + 4;
          this.y += 2 * r + 8;
        }
        this.doc.save().lineWidth(0.8).strokeColor('#B0B0B0').dash(3, { space: 3 }).circle(cx, cy, r).stroke().undash().restore();
        break;
      }
      case 'spacer':
        this.y = Math.min(this.y + b.lines * BODY.lead, this.bottom);
        break;
      case 'pageBreak':
        if (!this.atTop()) this.newPage();
        break;
    }
  }

  /** Column positions and widths: the template's relative widths, fitted to the content (./table-columns.ts). */
  private columnsX(relative: number[], cells: ColumnCell[]): { x: number[]; w: number[] } {
    const w = fitColumns(relative, cells, this.width, { size: TABLE.size, padding: 2 * TABLE.padX, faces: this.tf });
    const x: number[] = [];
    let acc = this.left;
    for (const v of w) {
      x.push(acc);
      acc += v;
    }
    return { x, w };
  }

  private tableRows(b: TableBlock): Row[] {
    const { x, w } = this.columnsX(b.columns.map((c) => c.width), tableCells(b));
    return b.rows.map((cells, r) => {
      const header = r < b.headerRows;
      let col = 0;
      return {
        keepWithNext: false,
        cells: cells.map((c) => {
          const span = c.colSpan ?? 1;
          const width = w.slice(col, col + span).reduce((s, v) => s + v, 0);
          const cell: Cell = { runs: c.runs, x: x[col]!, width, align: header ? 'center' : (b.columns[col]?.align ?? 'left'), fill: header ? HEADER_FILL : null, bold: header };
          col += span;
          return cell;
        }),
      };
    });
  }

  private elementRows(b: ElementsBlock): Row[] {
    const { x, w } = this.columnsX(elementColumns(b), elementCells(b));
    return b.rows.map((row) =>
      row.kind === 'section'
        ? { keepWithNext: true, cells: [{ runs: row.title, x: x[0]!, width: this.width, align: 'center', fill: SECTION_FILL, bold: true }] }
        : {
            keepWithNext: false,
            cells: [
              { runs: row.label, x: x[0]!, width: w[0]!, align: 'left', fill: LABEL_FILL, bold: true },
              { runs: row.value, x: x[1]!, width: w[1]!, align: 'left', fill: null, bold: false },
            ],
          },
    );
  }

  private layRow(row: Row): LaidRow {
    return {
      row,
      lines: row.cells.map((c) => breakLines(c.bold ? c.runs.map((r) => ({ ...r, bold: true })) : c.runs, TABLE.size, c.width - 2 * TABLE.padX, this.tf)),
    };
  }

  private static height(lines: Line[][], from = 0): number {
    const n = lines.reduce((m, l) => Math.max(m, l.length - from), 1);
    return n * TABLE.lead + 2 * TABLE.padY;
  }

  /** Draws lines [from, from+count) of every cell of a row at this.y; returns the height used. */
  private drawRow(laid: LaidRow, from: number, count: number): number {
    const h = count * TABLE.lead + 2 * TABLE.padY;
    laid.row.cells.forEach((cell, i) => {
      if (cell.fill) this.doc.save().rect(cell.x, this.y, cell.width, h).fill(cell.fill).restore();
      const lines = laid.lines[i]!.slice(from, from + count);
      // Short cells sit in the vertical middle of the row (only when the row is drawn whole).
      const offset = from === 0 && count >= laid.lines[i]!.length ? (h - lines.length * TABLE.lead - 2 * TABLE.padY) / 2 : 0;
      lines.forEach((line, k) => {
        this.drawLine(line, cell.x + TABLE.padX, this.y + TABLE.padY + offset + k * TABLE.lead, TABLE.size, TABLE.lead, cell.width - 2 * TABLE.padX, cell.align);
      });
      this.doc.save().lineWidth(0.6).strokeColor(INK).rect(cell.x, this.y, cell.width, h).stroke().restore();
    });
    this.y += h;
    return h;
  }

  private table(rows: Row[], headerRows: number): void {
    const laid = rows.map((r) => this.layRow(r));
    const header = laid.slice(0, headerRows);
    const body = laid.slice(headerRows);
    const headerHeight = header.reduce((s, r) => s + PdfWriter.height(r.lines), 0);
    const drawHeader = (): void => {
      for (const r of header) this.drawRow(r, 0, PdfWriter.height(r.lines) / TABLE.lead);
    };
    const lineCount = (r: LaidRow, from = 0): number => r.lines.reduce((m, l) => Math.max(m, l.length - from), 1);
    // The header goes with at least the first body row (or its first line).
    const first = body[0];
    this.ensure(headerHeight + (first ? Math.min(PdfWriter.height(first.lines), 3 * TABLE.lead + 2 * TABLE.padY) : 0));
    drawHeader();
    const pageRoom = this.bottom - this.top - headerHeight;
    body.forEach((r, i) => {
      let from = 0;
      const next = body[i + 1];
      for (;;) {
        const remaining = lineCount(r, from);
        const h = remaining * TABLE.lead + 2 * TABLE.padY;
        const keep = r.row.keepWithNext && next ? Math.min(PdfWriter.height(next.lines), 2 * TABLE.lead + 2 * TABLE.padY) : 0;
        if (this.y + h + keep <= this.bottom + 0.01) {
          this.drawRow(r, from, remaining);
          break;
        }
        const room = Math.floor((this.bottom - this.y - 2 * TABLE.padY) / TABLE.lead);
        // Move a row that fits on a fresh page, unless it is long and there is real room here.
        const moveWhole = h + keep <= pageRoom && (h <= pageRoom * 0.35 || room < 3 || keep > 0);
        if (moveWhole || room < 1) {
          this.newPage();
          drawHeader();
          continue;
        }
        this.drawRow(r, from, room);
        from += room;
        this.newPage();
        drawHeader();
      }
    });
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Renders the model to a PDF; fonts are parsed once per process and reused. */
export async function renderPdf(model: DocumentModel, options: PdfOptions = {}): Promise<RenderedPdf> {
  const tf = typefaceFor(resolveFonts(options));
  const created = options.creationDate ?? new Date();
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    // No default face: pdfkit would parse Helvetica's metrics for every document, and every text
    // here is drawn in a face of the typeface (PdfWriter.useFace).
    font: '',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: model.title,
      Subject: `template ${model.template.name} ${model.template.version}`,
      Keywords: `template=${model.template.name};version=${model.template.version}`,
      Creator: 'legal-escalation documents',
      Producer: 'legal-escalation documents (pdfkit)',
      ...(options.author ? { Author: options.author } : {}),
      CreationDate: created,
      ModDate: created,
    },
  });
  const bytes = collect(doc);
  const w = new PdfWriter(doc, tf);
  for (const b of model.blocks) w.block(b);
  const range = doc.bufferedPageRange();
  const pages = range.count;
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(range.start + i);
    const [line] = breakLines([{ text: `第 ${i + 1} 页 共 ${pages} 页` }], 9, w.width, tf);
    if (line) w.drawLine(line, w.left, PAGE.height - MARGIN.bottom / 2 - 7, 9, 14, w.width, 'center');
  }
  doc.flushPages();
  doc.end();
  return { bytes: await bytes, pages };
}
