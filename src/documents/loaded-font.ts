/**
 * Font faces loaded and parsed ONCE per process and shared by every document, with their glyph caches.
 *
 * A naive pdfkit document re-reads and re-parses the 26 MB CJK collection each time (~60 ms), then
 * shapes every string through fontkit's OpenType layout engine (~50–150 ms for two pages of CJK).
 * Here:
 *
 *  - the fontkit font object is created once per (file, postscript name) and handed to pdfkit
 *    directly (pdfkit's `font()` accepts any object with a `layout` function);
 *  - `layout()` of that object maps code points to glyphs through a per-process cache instead of
 *    running the shaping engine, for text that needs no shaping (CJK, Latin, digits, punctuation;
 *    anything with combining marks, variation selectors or complex scripts goes to fontkit);
 *  - `createSubset()` returns the desubroutinized CFF subset of ./cff-desubroutinizer.ts, whose
 *    charstrings are cached per glyph here.
 *
 * Glyph coverage is checked per code point (`has`), so the typeface can fall back per glyph.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type CffSubsetClass, type CffTable, makeFastCffSubsetClass } from './cff-desubroutinizer.ts';

// fontkit is pdfkit's own dependency: resolve it from pdfkit so both always use the same copy.
const requireFromHere = createRequire(import.meta.url);
const fontkit = createRequire(requireFromHere.resolve('pdfkit'))('fontkit') as FontkitModule;

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  head: unknown;
  post: unknown;
  _tables: unknown;
  'OS/2': unknown;
  'CFF '?: CffTable;
  layout(text: string, features?: unknown): unknown;
  glyphForCodePoint(cp: number): FontkitGlyph;
  hasGlyphForCodePoint(cp: number): boolean;
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph;
  createSubset(): FontkitSubset;
}

interface FontkitSubset {
  glyphs: number[];
  includeGlyph(glyph: number | { id: number }): number;
  encode(): Uint8Array;
}

interface FontkitModule {
  create(buffer: Uint8Array, postscriptName?: string): (FontkitFont & { fonts?: FontkitFont[] }) | null;
}

/** Positions as fontkit's GlyphRun carries them; pdfkit scales them in place, so each layout returns fresh ones. */
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** Code points that need real shaping (or have no glyph of their own): combining marks, joiners, variation selectors, complex scripts. */
function needsShaping(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x0590 && cp <= 0x1cff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xa800 && cp <= 0xabff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    (cp >= 0x10a00 && cp <= 0x11fff) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

export function isZeroWidthMark(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

export interface FontSpec {
  /** Path of a .ttf/.otf, or of a .ttc collection together with `postscriptName`. */
  path: string;
  /** Required for collections: e.g. 'NotoSerifCJKsc-Regular' in NotoSerifCJK-Regular.ttc. */
  postscriptName?: string;
}

export interface FastGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** One parsed font face, shared by every document of the process. */
export class LoadedFont {
  readonly spec: FontSpec;
  readonly fk: FontkitFont;
  readonly unitsPerEm: number;
  /** The object handed to pdfkit's `doc.font()`. */
  readonly pdfkitFont: object;
  private readonly glyphs = new Map<number, FastGlyph | null>();
  private readonly notdef = new Map<number, FastGlyph>();
  private readonly charstrings = new Map<number, Uint8Array>();

  constructor(spec: FontSpec) {
    this.spec = spec;
    const bytes = readFileSync(spec.path);
    const loaded = fontkit.create(bytes, spec.postscriptName);
    if (!loaded || typeof loaded.layout !== 'function') {
      const names = (loaded ?? fontkit.create(bytes))?.fonts?.map((f) => f.postscriptName).join(', ');
      throw new Error(`font ${spec.path}: ${spec.postscriptName ? `no face named ${spec.postscriptName}` : 'a collection needs a postscript name'}${names ? ` (has: ${names})` : ''}`);
    }
    const fk = loaded;
    this.fk = fk;
    this.unitsPerEm = fk.unitsPerEm;
    const cff = fk['CFF '];
    const FastSubset =
      cff && cff.version < 2 && cff.isCIDFont
        ? makeFastCffSubsetClass(Object.getPrototypeOf(fk.createSubset()).constructor as CffSubsetClass, this.charstrings)
        : null;
    const self = this;
    this.pdfkitFont = {
      postscriptName: fk.postscriptName,
      unitsPerEm: fk.unitsPerEm,
      ascent: fk.ascent,
      descent: fk.descent,
      lineGap: fk.lineGap,
      capHeight: fk.capHeight,
      xHeight: fk.xHeight,
      italicAngle: fk.italicAngle,
      bbox: fk.bbox,
      head: fk.head,
      post: fk.post,
      'OS/2': fk['OS/2'],
      _tables: fk._tables,
      getGlyph: (id: number) => fk.getGlyph(id),
      createSubset: () => (FastSubset ? new FastSubset(fk) : fk.createSubset()),
      layout(text: string, features?: unknown) {
        return self.layout(text, features);
      },
    };
  }

  /** The glyph of a code point, or null when the face has none. */
  glyph(cp: number): FastGlyph | null {
    let g = this.glyphs.get(cp);
    if (g === undefined) {
      if (this.fk.hasGlyphForCodePoint(cp)) {
        const fg = this.fk.glyphForCodePoint(cp);
        g = { id: fg.id, advanceWidth: fg.advanceWidth, codePoints: [cp] };
      } else g = null;
      this.glyphs.set(cp, g);
    }
    return g;
  }

  has(cp: number): boolean {
    return this.glyph(cp) !== null;
  }

  /** The glyph of a code point; .notdef (keeping the code point for text extraction) when missing. */
  glyphOrNotdef(cp: number): FastGlyph {
    const g = this.glyph(cp);
    if (g) return g;
    let n = this.notdef.get(cp);
    if (!n) {
      n = { id: 0, advanceWidth: isZeroWidthMark(cp) ? 0 : this.fk.getGlyph(0).advanceWidth, codePoints: [cp] };
      this.notdef.set(cp, n);
    }
    return n;
  }

  /** Width of a string in points at `size`, as pdfkit will lay it out. */
  measure(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.glyphOrNotdef(ch.codePointAt(0)!).advanceWidth;
    return (units * size) / this.unitsPerEm;
  }

  layout(text: string, features?: unknown): unknown {
    if (features) return this.fk.layout(text, features);
    const glyphs: FastGlyph[] = [];
    const positions: Position[] = [];
    let advanceWidth = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (needsShaping(cp)) return this.fk.layout(text);
      const g = this.glyphOrNotdef(cp);
      glyphs.push(g);
      positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
      advanceWidth += g.advanceWidth;
    }
    return { glyphs, positions, advanceWidth };
  }
}

const loaded = new Map<string, LoadedFont>();

/** The process-wide parsed face for `spec` (parsed on first use). */
export function loadFont(spec: FontSpec): LoadedFont {
  const key = `${spec.path}#${spec.postscriptName ?? ''}`;
  let f = loaded.get(key);
  if (!f) {
    f = new LoadedFont(spec);
    loaded.set(key, f);
  }
  return f;
}
