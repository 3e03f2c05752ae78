/**
 * The document model: the one tree both renderers (PDF, DOCX) draw, so the two cannot drift.
 * Pure data. Text in a run is literal: a "\n" inside a run is a line break within the same block
 * (a value that contains a newline stays inside its cell or paragraph).
 */

export interface Run {
  text: string;
  bold?: boolean;
}

export type Align = 'left' | 'center' | 'right' | 'justify';

interface LetterheadBlock {
  kind: 'letterhead';
  /** The sender's name, printed large. */
  name: Run[];
  /** Address, phone, licence number… printed small under the name. */
  lines: Run[][];
}

interface HeadingBlock {
  kind: 'heading';
  /** 1: document title (centered, large); 2: section; 3: subsection. */
  level: 1 | 2 | 3;
  runs: Run[];
  align: Align;
}

interface ParagraphBlock {
  kind: 'paragraph';
  runs: Run[];
  align: Align;
  /** First-line indent of two characters (body text of Chinese documents). */
  indent: boolean;
}

export type ListStyle = 'decimal' | 'chinese' | 'paren';

interface ListBlock {
  kind: 'list';
  style: ListStyle;
  items: Run[][];
}

export interface TableCell {
  runs: Run[];
  colSpan?: number;
}

export interface TableColumn {
  /** Relative width; the renderers scale the columns to the text width. */
  width: number;
  align: 'left' | 'center' | 'right';
}

export interface TableBlock {
  kind: 'table';
  columns: TableColumn[];
  /** The first `headerRows` rows are header rows, repeated at the top of every page the table spans. */
  headerRows: number;
  rows: TableCell[][];
}

export type ElementRow =
  | { kind: 'section'; title: Run[] }
  | { kind: 'item'; label: Run[]; value: Run[] };

/** Key-value table of the element-based (要素式) court forms: label column, value column, section rows. */
export interface ElementsBlock {
  kind: 'elements';
  /** Relative width of the label column (value column = 100 - labelWidth). */
  labelWidth: number;
  rows: ElementRow[];
}

interface SignatureBlock {
  kind: 'signature';
  /** Right-aligned lines: signer, capacity, date. */
  lines: Run[][];
}

/** Where the seal (公章) goes; drawn as an empty dashed circle in the PDF, nothing in the DOCX. */
interface SealBlock {
  kind: 'seal';
}

interface SpacerBlock {
  kind: 'spacer';
  /** Height in body lines. */
  lines: number;
}

interface PageBreakBlock {
  kind: 'pageBreak';
}

export type Block =
  | LetterheadBlock
  | HeadingBlock
  | ParagraphBlock
  | ListBlock
  | TableBlock
  | ElementsBlock
  | SignatureBlock
  | SealBlock
  | SpacerBlock
  | PageBreakBlock;

export interface TemplateRef {
  name: string;
  version: string;
}

export interface DocumentModel {
  template: TemplateRef;
  /** Document title (metadata; the visible title is a heading block). */
  title: string;
  blocks: Block[];
}

export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

const CHINESE_LIST_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The literal marker of the n-th (1-based) item of a list; both renderers print exactly this. */
export function listMarker(style: ListStyle, n: number): string {
  switch (style) {
    case 'decimal':
      return `${n}.`;
    case 'paren':
      return `（${n}）`;
    case 'chinese': {
      const word = n <= 10 ? CHINESE_LIST_NUMBERS[n - 1]! : n < 20 ? `十${CHINESE_LIST_NUMBERS[n - 11]!}` : String(n);
      return `${word}、`;
    }
  }
}

/** The text of a model in reading order, one line per paragraph / row (for tests and search). */
export function modelText(model: DocumentModel): string {
  const out: string[] = [];
  for (const b of model.blocks) {
    switch (b.kind) {
      case 'letterhead':
        out.push(runsText(b.name), ...b.lines.map(runsText));
        break;
      case 'heading':
      case 'paragraph':
        out.push(runsText(b.runs));
        break;
      case 'list':
        b.items.forEach((item, i) => out.push(`${listMarker(b.style, i + 1)}${runsText(item)}`));
        break;
      case 'table':
        for (const row of b.rows) out.push(row.map((c) => runsText(c.runs)).join(' '));
        break;
      case 'elements':
        for (const row of b.rows) out.push(row.kind === 'section' ? runsText(row.title) : `${runsText(row.label)} ${runsText(row.value)}`);
        break;
      case 'signature':
        out.push(...b.lines.map(runsText));
        break;
      default:
        break;
    }
  }
  return out.join('\n');
}
