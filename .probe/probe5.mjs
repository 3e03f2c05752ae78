import { createRequire } from 'node:module';
const req = createRequire(import.meta.resolve('pdfkit'));
const fontkit = req('fontkit');
import fs from 'node:fs';
const text = fs.readFileSync('/work/shared/domain.md','utf8').slice(0, 3000);
const font = fontkit.create(fs.readFileSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'), 'NotoSerifCJKsc-Regular');
const cps = [...new Set([...text].map(c=>c.codePointAt(0)))];
const s0 = font.createSubset();
const proto = Object.getPrototypeOf(s0);
const orig = proto.subsetSubrs;
let T=0;
proto.subsetSubrs = function(subrs, used){ const t=performance.now(); const r=orig.call(this, subrs, used); T+=performance.now()-t; return r; };
for (let i=0;i<8;i++){
  const s = font.createSubset();
  for (const cp of cps) s.includeGlyph(font.glyphForCodePoint(cp).id);
  T=0;
  let t=performance.now();
  const buf = s.encode(); const b=performance.now()-t;
  console.log('encode', b.toFixed(1), 'subsetSubrs', T.toFixed(1), buf.length);
}
