/**
 * Line breaking for the PDF renderer: Chinese text breaks between any two ideographs, Latin words
 * and numbers ("1,234.56") stay whole, and the usual kinsoku rules keep closing punctuation off
 * the start of a line and opening punctuation off its end. Each character is assigned the face
 * that has its glyph (per-glyph fallback), and lines come out as pieces of one face each.
 */
import type { Run } from './model.ts';
import type { Typeface } from './fonts.ts';
import type { LoadedFont } from './loaded-font.ts';

/** What breaking needs of a face: its em and each code point's advance (a LoadedFont has them). */
export interface FaceMetrics {
  unitsPerEm: number;
  glyphOrNotdef(cp: number): { advanceWidth: number };
}

/** The face each code point is set in (the PDF's Typeface; the DOCX's width estimate). */
export interface Faces<F extends FaceMetrics = FaceMetrics> {
  faceFor(cp: number, bold: boolean): F;
}

/** Cannot start a line. */
const NO_START = new Set([...'，。、；：？！）》」』】〕〉〗｝”’…—·%‰℃,.;:?!)]}>～々〃％']);
/** Cannot end a line. */
const NO_END = new Set([...'（《「『【〔〈〖｛“‘([{<']);

/** Full-width: ideographs, kana, CJK punctuation, fullwidth forms, symbols (a line may break around each). */
export function isWide(cp: number): boolean {
  return cp >= 0x2e80 || (cp >= 0x2000 && cp <= 0x2bff);
}

interface Char<F extends FaceMetrics = LoadedFont> {
  ch: string;
  face: F;
  bold: boolean;
  /** Advance in points. */
  width: number;
}

interface Atom<F extends FaceMetrics = LoadedFont> {
  chars: Char<F>[];
  width: number;
  space: boolean;
  newline: boolean;
}

interface Piece {
  text: string;
  face: LoadedFont;
  bold: boolean;
  width: number;
  chars: number;
}

export interface Line {
  pieces: Piece[];
  width: number;
  chars: number;
  /** Ends a paragraph or a forced break: never justified. */
  hard: boolean;
}

/**
 * Spans never broken across lines: a date written out (2024年12月4日, 2024年12月), a rate
 * (年利率24%), an amount with its unit (38,324.61元), a figure with its count word (1份, 17页).
 */
const UNBREAKABLE = /\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|[\d,.]*\d(?:元|%|％|份|页|期|个月|天|日)/g;

/** Indices (in UTF-16 code units) of the characters that must stay on the line of the one before. */
function gluedIndices(text: string): Set<number> {
  const glued = new Set<number>();
  for (const m of text.matchAll(UNBREAKABLE)) for (let i = m.index + 1; i < m.index + m[0].length; i++) glued.add(i);
  return glued;
}

function toAtoms<F extends FaceMetrics>(runs: readonly Run[], size: number, tf: Faces<F>): Atom<F>[] {
  const atoms: Atom<F>[] = [];
  let word: Atom<F> | null = null;
  let glueNext = false;
  const push = (a: Atom<F>): void => {
    const prev = atoms[atoms.length - 1];
    if (glueNext && prev && !prev.newline && !a.newline && !a.space) {
      prev.chars.push(...a.chars);
      prev.width += a.width;
    } else atoms.push(a);
  };
  for (const run of runs) {
    const bold = run.bold ?? false;
    const glued = gluedIndices(run.text);
    let index = 0;
    for (const ch of run.text) {
      const at = index;
      index += ch.length;
      const cp = ch.codePointAt(0)!;
      if (ch === '\n') {
        word = null;
        glueNext = false;
        atoms.push({ chars: [], width: 0, space: false, newline: true });
        continue;
      }
      const face = tf.faceFor(cp, bold);
      const c: Char<F> = { ch, face, bold, width: (face.glyphOrNotdef(cp).advanceWidth * size) / face.unitsPerEm };
      if (ch === ' ' || ch === '\t') {
        word = null;
        glueNext = false;
        atoms.push({ chars: [{ ...c, ch: ' ' }], width: c.width, space: true, newline: false });
        continue;
      }
      const prev = atoms[atoms.length - 1];
      if ((NO_START.has(ch) || glued.has(at)) && prev && !prev.newline && !prev.space) {
        prev.chars.push(c);
        prev.width += c.width;
        glueNext = NO_END.has(ch);
        continue;
      }
      if (isWide(cp) || NO_END.has(ch)) {
        word = null;
        push({ chars: [c], width: c.width, space: false, newline: false });
        glueNext = NO_END.has(ch);
        continue;
      }
      if (word && atoms[atoms.length - 1] === word && !glueNext) {
        word.chars.push(c);
        word.width += c.width;
      } else {
        const a: Atom<F> = { chars: [c], width: c.width, space: false, newline: false };
        push(a);
        word = atoms[atoms.length - 1]!;
      }
      glueNext = false;
    }
  }
  return atoms;
}

function toLine(chars: Char[], hard: boolean): Line {
  while (chars.length > 0 && chars[chars.length - 1]!.ch === ' ') chars.pop();
  const pieces: Piece[] = [];
  let width = 0;
  for (const c of chars) {
    const last = pieces[pieces.length - 1];
    if (last && last.face === c.face && last.bold === c.bold) {
      last.text += c.ch;
      last.width += c.width;
      last.chars += 1;
    } else pieces.push({ text: c.ch, face: c.face, bold: c.bold, width: c.width, chars: 1 });
    width += c.width;
  }
  return { pieces, width, chars: chars.length, hard };
}

/**
 * Breaks runs into lines no wider than `width` (the first line: `firstWidth`). An empty paragraph
 * yields one empty line so that it still takes its height.
 */
export function breakLines(runs: readonly Run[], size: number, width: number, tf: Typeface, firstWidth: number = width): Line[] {
  const atoms = toAtoms(runs, size, tf);
  const lines: Line[] = [];
  let cur: Char[] = [];
  let curWidth = 0;
  const limit = (): number => (lines.length === 0 ? firstWidth : width);
  const flush = (hard: boolean): void => {
    lines.push(toLine(cur, hard));
    cur = [];
    curWidth = 0;
  };
  for (const atom of atoms) {
    if (atom.newline) {
      flush(true);
      continue;
    }
    if (atom.space && cur.length === 0) continue;
    if (curWidth + atom.width <= limit() + 0.01) {
      cur.push(...atom.chars);
      curWidth += atom.width;
      continue;
    }
    if (atom.space) {
      flush(false);
      continue;
    }
    if (cur.length > 0 && atom.width <= width + 0.01) {
      flush(false);
      cur.push(...atom.chars);
      curWidth = atom.width;
      continue;
    }
    // An atom wider than a line (a long number in a narrow cell): break it between characters.
    for (const c of atom.chars) {
      if (curWidth + c.width > limit() + 0.01 && cur.length > 0) flush(false);
      cur.push(c);
      curWidth += c.width;
    }
  }
  flush(true);
  return lines;
}

/**
 * How wide a cell's text is, for column widths from content: `unbreakable`, its widest span that
 * no line may break (a number, an amount with its unit, a date, a Latin word: the atoms above);
 * `natural`, its widest line when nothing but its own newlines breaks it.
 */
export function textExtent(runs: readonly Run[], size: number, faces: Faces): { unbreakable: number; natural: number } {
  let unbreakable = 0;
  let natural = 0;
  let line = 0;
  for (const atom of toAtoms(runs, size, faces)) {
    if (atom.newline) {
      natural = Math.max(natural, line);
      line = 0;
      continue;
    }
    line += atom.width;
    if (!atom.space) unbreakable = Math.max(unbreakable, atom.width);
  }
  return { unbreakable, natural: Math.max(natural, line) };
}
