import { loadFont, DEFAULT_FONTS } from '../src/documents/fonts.ts';
for (const s of [DEFAULT_FONTS.regular, DEFAULT_FONTS.bold!, DEFAULT_FONTS.fallbacks![0]!]) { const f = loadFont(s); console.log(s.path, f.fk.unitsPerEm, f.fk.ascent, f.fk.descent, f.fk.lineGap, f.glyphOrNotdef(0x4e00).advanceWidth, f.glyphOrNotdef(0x31).advanceWidth, f.glyphOrNotdef(0x2611).advanceWidth); }
