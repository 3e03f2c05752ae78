/**
 * Which fonts the PDF documents are drawn with: the default set (Noto Serif CJK SC, bold face,
 * per-glyph fallbacks for symbols it lacks), a set from a configured path, and the typeface that
 * picks, per code point, the face to draw it with. The parsed faces themselves live in
 * ./loaded-font.ts (one per process).
 */
import { existsSync } from 'node:fs';
import { type FontSpec, isZeroWidthMark, type LoadedFont, loadFont } from './loaded-font.ts';

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
