/**
 * The line-oriented markup templates render to, and its parser into the document model.
 *
 * Values never pass through the parser: Mustache renders every `{{value}}` through `ValueSlots.escape`,
 * which stores the value and emits an opaque slot token (U+E000 index U+E001). The parser splits
 * lines, directives, table cells and bold markers on the template's own text only; slot tokens are
 * resolved back to the literal values inside text runs at the very end. So a borrower named
 * `{{x}}`, `<b>`, `| a | b |`, `# x`, `**x**` or a name containing a newline stays one literal value
 * in the text node it was placed in.
 *
 * Markup (after Mustache), one construct per line; blank lines are ignored:
 *
 *   # Title                    heading level 1 (centered);  ## / ### section headings (left)
 *   text                       body paragraph, justified, first-line indent of two characters
 *   < text                     paragraph, left, no indent        > text   right-aligned
 *   ^ text                     centered paragraph
 *   + item                     item of a numbered list (consecutive items form one list, "1.")
 *   ::list decimal|chinese|paren … ::end     explicit list block of `+ item` lines
 *   ::letterhead … ::end       first line: sender name; further lines: address, phone…
 *   ::table widths=10,30,60 header=1 align=c,l,r … ::end
 *                              rows `| a | b | c |`; a cell starting with `@2 ` spans two columns
 *   ::elements label=30 … ::end
 *                              element (要素式) table: `== section title` rows and `| label | value |` rows
 *   ::signature … ::end        right-aligned signer / date lines
 *   ::seal                     seal placeholder (盖章处)
 *   ::space [n]                vertical space of n body lines (default 1)
 *   ::pagebreak
 *
 * Inline, in template text only: `**bold**`, `<br>` (line break inside the paragraph or cell).
 */
import type { Align, Block, ElementRow, ListStyle, Run, TableCell, TableColumn } from './model.ts';

const SLOT_OPEN = '\uE000';
const SLOT_CLOSE = '\uE001';
const SLOT_RE = /\uE000(\d+)\uE001/g;
/** Characters a template itself may not contain: they are reserved for slot tokens. */
export const RESERVED_CHARS = /[\uE000\uE001]/;

export class MarkupError extends Error {
  override name = 'MarkupError';
}

/** Collects the values of one render; `escape` is passed to Mustache as its escape function. */
export class ValueSlots {
  readonly values: string[] = [];
  readonly escape = (value: unknown): string => {
    const text = typeof value === 'string' ? value : String(value);
    this.values.push(text.replace(/\r\n?/g, '\n'));
    return `${SLOT_OPEN}${this.values.length - 1}${SLOT_CLOSE}`;
  };
  resolve(text: string): string {
    return text.replace(SLOT_RE, (_, i: string) => {
      const v = this.values[Number(i)];
      if (v === undefined) throw new MarkupError(`unknown value slot ${i}`);
      return v;
    });
  }
}

/** Inline markup → runs: `**` toggles bold, `<br>` is a line break; slots resolve to literal values. */
function parseInline(text: string, slots: ValueSlots): Run[] {
  const runs: Run[] = [];
  const parts = text.split('**');
  parts.forEach((part, i) => {
    if (part === '') return;
    const literal = slots.resolve(part.replace(/<br>/g, '\n'));
    if (literal === '') return;
    const bold = i % 2 === 1;
    const last = runs[runs.length - 1];
    if (last && (last.bold ?? false) === bold) last.text += literal;
    else runs.push(bold ? { text: literal, bold: true } : { text: literal });
  });
  return runs;
}

function parseArgs(rest: string, line: number): Map<string, string> {
  const args = new Map<string, string>();
  for (const part of rest.split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) args.set(part, '');
    else args.set(part.slice(0, eq), part.slice(eq + 1));
  }
  if ([...args.values()].some((v) => RESERVED_CHARS.test(v)) || [...args.keys()].some((k) => RESERVED_CHARS.test(k))) {
    throw new MarkupError(`line ${line}: directive arguments must be template text, not values`);
  }
  return args;
}

function splitRow(line: string, lineNo: number): string[] {
  if (!line.startsWith('|') || !line.endsWith('|') || line.length < 2) {
    throw new MarkupError(`line ${lineNo}: table row must start and end with "|": ${JSON.stringify(line)}`);
  }
  return line
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}

function parseCell(raw: string, slots: ValueSlots): TableCell {
  const span = /^@(\d+)\s+/.exec(raw);
  if (span) return { runs: parseInline(raw.slice(span[0].length), slots), colSpan: Number(span[1]) };
  return { runs: parseInline(raw, slots) };
}

const ALIGNS: Record<string, TableColumn['align']> = { l: 'left', c: 'center', r: 'right' };
const LIST_STYLES = new Set<ListStyle>(['decimal', 'chinese', 'paren']);
export const BLOCK_DIRECTIVES = new Set(['letterhead', 'table', 'elements', 'signature', 'list']);
export const LINE_DIRECTIVES = new Set(['seal', 'space', 'pagebreak', 'end']);

interface Line {
  no: number;
  text: string;
}

function collectUntilEnd(lines: Line[], start: number, name: string): { body: Line[]; next: number } {
  const body: Line[] = [];
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.text === '::end') return { body, next: i + 1 };
    if (l.text.startsWith('::')) throw new MarkupError(`line ${l.no}: "${l.text}" inside ::${name} (missing ::end?)`);
    body.push(l);
  }
  throw new MarkupError(`::${name} block is not closed with ::end`);
}

function parseTable(args: Map<string, string>, body: Line[], slots: ValueSlots, lineNo: number): Block {
  const rows = body.map((l) => splitRow(l.text, l.no).map((c) => parseCell(c, slots)));
  const width = rows.reduce((m, r) => Math.max(m, r.reduce((s, c) => s + (c.colSpan ?? 1), 0)), 0);
  const widths = (args.get('widths') ?? '').split(',').filter(Boolean).map(Number);
  if (widths.length > 0 && widths.length !== width) {
    throw new MarkupError(`line ${lineNo}: widths= lists ${widths.length} columns, rows have ${width}`);
  }
  if (widths.some((w) => !(w > 0))) throw new MarkupError(`line ${lineNo}: widths= must be positive numbers`);
  const aligns = (args.get('align') ?? '').split(',').filter(Boolean);
  const columns: TableColumn[] = [];
  for (let i = 0; i < width; i++) {
    const a = aligns[i] ?? 'l';
    const align = ALIGNS[a];
    if (!align) throw new MarkupError(`line ${lineNo}: align= takes l, c or r, got ${JSON.stringify(a)}`);
    columns.push({ width: widths[i] ?? 1, align });
  }
  for (const [i, row] of rows.entries()) {
    const cells = row.reduce((s, c) => s + (c.colSpan ?? 1), 0);
    if (cells !== width) throw new MarkupError(`line ${body[i]!.no}: row has ${cells} columns, table has ${width}`);
  }
  const headerRows = Number(args.get('header') ?? '0');
  if (!Number.isInteger(headerRows) || headerRows < 0 || headerRows > rows.length) {
    throw new MarkupError(`line ${lineNo}: header= must be a row count`);
  }
  return { kind: 'table', columns, headerRows, rows };
}

function parseElements(args: Map<string, string>, body: Line[], slots: ValueSlots, lineNo: number): Block {
  const labelWidth = Number(args.get('label') ?? '30');
  if (!(labelWidth > 0 && labelWidth < 100)) throw new MarkupError(`line ${lineNo}: label= must be between 0 and 100`);
  const rows: ElementRow[] = body.map((l) => {
    if (l.text.startsWith('== ')) return { kind: 'section', title: parseInline(l.text.slice(3).trim(), slots) };
    const cells = splitRow(l.text, l.no);
    if (cells.length !== 2) throw new MarkupError(`line ${l.no}: element row needs exactly "| label | value |"`);
    return { kind: 'item', label: parseInline(cells[0]!, slots), value: parseInline(cells[1]!, slots) };
  });
  return { kind: 'elements', labelWidth, rows };
}

function paragraph(text: string, align: Align, indent: boolean, slots: ValueSlots): Block {
  return { kind: 'paragraph', runs: parseInline(text.trim(), slots), align, indent };
}

/** Parses rendered markup (template body after Mustache) into blocks. */
export function parseMarkup(source: string, slots: ValueSlots): Block[] {
  const lines: Line[] = source
    .split('\n')
    .map((text, i) => ({ no: i + 1, text: text.replace(/^[ \t]+|[ \t\r]+$/g, '') }))
    .filter((l) => l.text !== '');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const { no, text } = lines[i]!;
    if (text.startsWith('::')) {
      const m = /^::([a-z]+)\s*(.*)$/.exec(text);
      if (!m) throw new MarkupError(`line ${no}: malformed directive ${JSON.stringify(text)}`);
      const name = m[1]!;
      const args = parseArgs(m[2]!, no);
      if (BLOCK_DIRECTIVES.has(name)) {
        const { body, next } = collectUntilEnd(lines, i + 1, name);
        i = next;
        switch (name) {
          case 'letterhead': {
            const [first, ...rest] = body;
            if (!first) throw new MarkupError(`line ${no}: ::letterhead needs the sender's name`);
            blocks.push({ kind: 'letterhead', name: parseInline(first.text, slots), lines: rest.map((l) => parseInline(l.text, slots)) });
            break;
          }
          case 'table':
            blocks.push(parseTable(args, body, slots, no));
            break;
          case 'elements':
            blocks.push(parseElements(args, body, slots, no));
            break;
          case 'signature':
            blocks.push({ kind: 'signature', lines: body.map((l) => parseInline(l.text, slots)) });
            break;
          case 'list': {
            const style = ([...args.keys()][0] ?? 'decimal') as ListStyle;
            if (!LIST_STYLES.has(style)) throw new MarkupError(`line ${no}: unknown list style ${JSON.stringify(style)}`);
            const items = body.map((l) => {
              if (!l.text.startsWith('+ ')) throw new MarkupError(`line ${l.no}: list items start with "+ "`);
              return parseInline(l.text.slice(2).trim(), slots);
            });
            if (items.length > 0) blocks.push({ kind: 'list', style, items });
            break;
          }
        }
        continue;
      }
      i++;
      switch (name) {
        case 'seal':
          blocks.push({ kind: 'seal' });
          break;
        case 'pagebreak':
          blocks.push({ kind: 'pageBreak' });
          break;
        case 'space': {
          const n = Number([...args.keys()][0] ?? '1');
          if (!(n > 0 && n <= 20)) throw new MarkupError(`line ${no}: ::space takes a line count 1–20`);
          blocks.push({ kind: 'spacer', lines: n });
          break;
        }
        case 'end':
          throw new MarkupError(`line ${no}: ::end without an open block`);
        default:
          throw new MarkupError(`line ${no}: unknown directive ::${name}`);
      }
      continue;
    }
    i++;
    if (text.startsWith('### ')) blocks.push({ kind: 'heading', level: 3, runs: parseInline(text.slice(4).trim(), slots), align: 'left' });
    else if (text.startsWith('## ')) blocks.push({ kind: 'heading', level: 2, runs: parseInline(text.slice(3).trim(), slots), align: 'left' });
    else if (text.startsWith('# ')) blocks.push({ kind: 'heading', level: 1, runs: parseInline(text.slice(2).trim(), slots), align: 'center' });
    else if (text.startsWith('< ')) blocks.push(paragraph(text.slice(2), 'left', false, slots));
    else if (text.startsWith('> ')) blocks.push(paragraph(text.slice(2), 'right', false, slots));
    else if (text.startsWith('^ ')) blocks.push(paragraph(text.slice(2), 'center', false, slots));
    else if (text.startsWith('+ ')) {
      const item = parseInline(text.slice(2).trim(), slots);
      const prev = blocks[blocks.length - 1];
      const prevLine = lines[i - 2];
      if (prev?.kind === 'list' && prev.style === 'decimal' && prevLine?.text.startsWith('+ ')) prev.items.push(item);
      else blocks.push({ kind: 'list', style: 'decimal', items: [item] });
    } else blocks.push(paragraph(text, 'justify', true, slots));
  }
  return blocks;
}
