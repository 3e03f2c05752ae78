/**
 * Fonts for the PDF renderer, loaded and parsed ONCE per process and shared by every document.
 *
 * A naive pdfkit document re-reads and re-parses the 26 MB CJK collection each time (~60 ms), then
 * shapes every string through fontkit's OpenType layout engine (~50–150 ms for two pages of CJK)
 * and writes a CFF subset that still carries all ~55,000 (mostly emptied) subroutines of Noto CJK
 * (~30 ms and ~110 KB per font per document). Here:
 *
 *  - the fontkit font object is created once per (file, postscript name) and handed to pdfkit
 *    directly (pdfkit's `font()` accepts any object with a `layout` function);
 *  - `layout()` of that object maps code points to glyphs through a per-process cache instead of
 *    running the shaping engine, for text that needs no shaping (CJK, Latin, digits, punctuation;
 *    anything with combining marks, variation selectors or complex scripts goes to fontkit);
 *  - `createSubset()` returns a CFF subset whose charstrings are desubroutinized (subroutine calls
 *    inlined, cached per glyph), so the embedded font carries no subroutine tables at all.
 *
 * Glyph coverage is checked per code point, so the renderer can fall back per glyph to another
 * font (e.g. DejaVu Sans for ☑/☐, which Noto Serif CJK lacks).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// fontkit is pdfkit's own dependency: resolve it from pdfkit so both always use the same copy.
const requireFromHere = createRequire(import.meta.url);
const fontkit = createRequire(requireFromHere.resolve('pdfkit'))('fontkit') as FontkitModule;

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface CffIndexEntry {
  offset: number;
  length: number;
}

interface CffTable {
  isCIDFont: boolean;
  version: number;
  stream: { pos: number; readBuffer(length: number): Uint8Array };
  globalSubrIndex?: CffIndexEntry[];
  topDict: {
    Private?: { Subrs?: CffIndexEntry[] } | null;
    FDArray?: { Private?: ({ Subrs?: CffIndexEntry[] } & Record<string, unknown>) | null }[];
  };
  getCharString(gid: number): Uint8Array;
  fdForGlyph(gid: number): number | null;
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

export interface FontSpec {
  /** Path of a .ttf/.otf, or of a .ttc collection together with `postscriptName`. */
  path: string;
  /** Required for collections: e.g. 'NotoSerifCJKsc-Regular' in NotoSerifCJK-Regular.ttc. */
  postscriptName?: string;
}

export interface FontSet {
  regular: FontSpec;
  /** Without a bold face, bold runs are drawn with the regular face, stroked. */
  bold?: FontSpec;
  /** Tried in order, per glyph, for code points the main faces lack; missing files are skipped. */
  fallbacks?: FontSpec[];
}

const NOTO_DIR = '/usr/share/fonts/opentype/noto';

/** Noto Serif CJK SC from Debian's fonts-noto-cjk; DejaVu Sans for symbols (☑ ☐) it lacks. */
export const DEFAULT_FONTS: FontSet = {
  regular: { path: `${NOTO_DIR}/NotoSerifCJK-Regular.ttc`, postscriptName: 'NotoSerifCJKsc-Regular' },
  bold: { path: `${NOTO_DIR}/NotoSerifCJK-Bold.ttc`, postscriptName: 'NotoSerifCJKsc-Bold' },
  fallbacks: [
    { path: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
    { path: `${NOTO_DIR}/NotoSansCJK-Regular.ttc`, postscriptName: 'NotoSansCJKsc-Regular' },
  ],
};

/**
 * A font set from one configured regular face (config `FONT_PATH`): the bold face is looked up
 * next to it (…-Regular.ttc → …-Bold.ttc), the postscript name derived for Noto CJK collections.
 */
export function fontSetFromPath(path: string, postscriptName?: string): FontSet {
  const psName = postscriptName ?? (/NotoSerifCJK-Regular\.ttc$/.test(path) ? 'NotoSerifCJKsc-Regular' : /NotoSansCJK-Regular\.ttc$/.test(path) ? 'NotoSansCJKsc-Regular' : undefined);
  const boldPath = path.replace(/-Regular(\.\w+)$/, '-Bold$1');
  const bold = boldPath !== path && existsSync(boldPath) ? { path: boldPath, ...(psName ? { postscriptName: psName.replace(/-Regular$/, '-Bold') } : {}) } : undefined;
  return { regular: { path, ...(psName ? { postscriptName: psName } : {}) }, ...(bold ? { bold } : {}), fallbacks: DEFAULT_FONTS.fallbacks ?? [] };
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

function subrBias(count: number): number {
  return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/**
 * Inlines every callsubr / callgsubr of a Type 2 charstring. Operands and operators are copied
 * byte for byte; the subroutine number operand and the `return` operators are dropped; hintmask
 * and cntrmask bytes are copied by counting the stem hints declared so far.
 */
function desubroutinize(cff: CffTable, gid: number): Uint8Array {
  const fd = cff.fdForGlyph(gid);
  const priv = fd != null ? cff.topDict.FDArray?.[fd]?.Private : cff.topDict.Private;
  const local = priv?.Subrs ?? [];
  const global = cff.globalSubrIndex ?? [];
  const localBias = subrBias(local.length);
  const globalBias = subrBias(global.length);
  let out = new Uint8Array(1024);
  let len = 0;
  const emit = (bytes: Uint8Array, from: number, to: number): void => {
    const need = len + (to - from);
    if (need > out.length) {
      const grown = new Uint8Array(Math.max(need, out.length * 2));
      grown.set(out.subarray(0, len));
      out = grown;
    }
    out.set(bytes.subarray(from, to), len);
    len = need;
  };
  const stack: { value: number; bytes: number }[] = [];
  let stems = 0;
  let ended = false;
  const read = (e: CffIndexEntry): Uint8Array => {
    cff.stream.pos = e.offset;
    return cff.stream.readBuffer(e.length);
  };
  const run = (cs: Uint8Array, depth: number): void => {
    if (depth > 20) throw new Error(`charstring of glyph ${gid}: subroutines nested too deep`);
    let i = 0;
    while (i < cs.length && !ended) {
      const b0 = cs[i]!;
      if (b0 >= 32 || b0 === 28) {
        let value: number;
        let size: number;
        if (b0 === 28) {
          value = ((cs[i + 1]! << 24) | (cs[i + 2]! << 16)) >> 16;
          size = 3;
        } else if (b0 <= 246) {
          value = b0 - 139;
          size = 1;
        } else if (b0 <= 250) {
          value = (b0 - 247) * 256 + cs[i + 1]! + 108;
          size = 2;
        } else if (b0 <= 254) {
          value = -(b0 - 251) * 256 - cs[i + 1]! - 108;
          size = 2;
        } else {
          value = ((cs[i + 1]! << 24) | (cs[i + 2]! << 16) | (cs[i + 3]! << 8) | cs[i + 4]!) / 65536;
          size = 5;
        }
        emit(cs, i, i + size);
        stack.push({ value, bytes: size });
        i += size;
        continue;
      }
      switch (b0) {
        case 10: // callsubr
        case 29: {
          // callgsubr
          const top = stack.pop();
          if (!top) throw new Error(`charstring of glyph ${gid}: subroutine call without a number`);
          len -= top.bytes;
          const index = top.value + (b0 === 10 ? localBias : globalBias);
          const entry = (b0 === 10 ? local : global)[index];
          if (!entry) throw new Error(`charstring of glyph ${gid}: no subroutine ${index}`);
          i += 1;
          run(read(entry), depth + 1);
          continue;
        }
        case 11: // return
          return;
        case 14: // endchar
          emit(cs, i, i + 1);
          ended = true;
          return;
        case 1: // hstem
        case 3: // vstem
        case 18: // hstemhm
        case 23: // vstemhm
          stems += stack.length >> 1;
          stack.length = 0;
          emit(cs, i, i + 1);
          i += 1;
          continue;
        case 19: // hintmask
        case 20: {
          // cntrmask
          stems += stack.length >> 1;
          stack.length = 0;
          const maskBytes = (stems + 7) >> 3;
          emit(cs, i, i + 1 + maskBytes);
          i += 1 + maskBytes;
          continue;
        }
        case 12: // escape: two-byte operator
          stack.length = 0;
          emit(cs, i, i + 2);
          i += 2;
          continue;
        default:
          stack.length = 0;
          emit(cs, i, i + 1);
          i += 1;
      }
    }
  };
  run(cff.getCharString(gid), 0);
  return out.slice(0, len);
}

type SubsetClass = new (font: FontkitFont) => FontkitSubset & {
  cff: CffTable;
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
};

/** fontkit's CFFSubset with desubroutinized charstrings and no subroutine tables. */
function makeFastCffSubsetClass(Base: SubsetClass, charstringCache: Map<number, Uint8Array>) {
  return class FastCffSubset extends Base {
    subsetCharstrings(): void {
      this.charstrings = this.glyphs.map((gid) => {
        let cs = charstringCache.get(gid);
        if (!cs) {
          cs = desubroutinize(this.cff, gid);
          charstringCache.set(gid, cs);
        }
        return cs;
      });
      this.gsubrs = [];
    }
    subsetSubrs(): Uint8Array[] {
      return [];
    }
    subsetFontdict(topDict: Record<string, unknown>): void {
      const fdArray: Record<string, unknown>[] = [];
      const fds: number[] = [];
      const newIndex = new Map<number, number>();
      for (const gid of this.glyphs) {
        const fd = this.cff.fdForGlyph(gid) ?? 0;
        let idx = newIndex.get(fd);
        if (idx === undefined) {
          const source = this.cff.topDict.FDArray?.[fd] ?? {};
          const dict: Record<string, unknown> = { ...source };
          delete dict.FontName;
          if (source.Private) {
            const priv: Record<string, unknown> = { ...source.Private };
            delete priv.Subrs;
            dict.Private = priv;
          }
          idx = fdArray.length;
          fdArray.push(dict);
          newIndex.set(fd, idx);
        }
        fds.push(idx);
      }
      topDict.FDArray = fdArray;
      topDict.FDSelect = { version: 0, fds };
    }
  };
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
        ? makeFastCffSubsetClass(Object.getPrototypeOf(fk.createSubset()).constructor as SubsetClass, this.charstrings)
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

/** The faces of a font set; fallbacks load lazily, the first time a glyph is missing. */
export class Typeface {
  readonly regular: LoadedFont;
  readonly bold: LoadedFont | null;
  private readonly fallbackSpecs: FontSpec[];
  private fallbacks: LoadedFont[] | null = null;

  constructor(set: FontSet) {
    this.regular = loadFont(set.regular);
    this.bold = set.bold && existsSync(set.bold.path) ? loadFont(set.bold) : null;
    this.fallbackSpecs = (set.fallbacks ?? []).filter((s) => existsSync(s.path));
  }

  /** The face to draw `cp` with: the main face if it has the glyph, else the first fallback that does. */
  faceFor(cp: number, bold: boolean): LoadedFont {
    const main = bold && this.bold ? this.bold : this.regular;
    if (main.has(cp) || isZeroWidthMark(cp)) return main;
    if (this.fallbacks === null) this.fallbacks = this.fallbackSpecs.map(loadFont);
    return this.fallbacks.find((f) => f.has(cp)) ?? main;
  }
}

const typefaces = new WeakMap<FontSet, Typeface>();

export function typefaceFor(set: FontSet): Typeface {
  let t = typefaces.get(set);
  if (!t) {
    t = new Typeface(set);
    typefaces.set(set, t);
  }
  return t;
}
