import { createRequire } from 'node:module';
const req = createRequire(import.meta.resolve('pdfkit'));
const fontkit = req('fontkit');
import fs from 'node:fs';
const text = fs.readFileSync('/work/shared/domain.md','utf8').slice(0, 3000);
const font = fontkit.create(fs.readFileSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'), 'NotoSerifCJKsc-Regular');
const cff = font['CFF '];
console.log('gsubrs', cff.globalSubrIndex.length, 'fds', cff.topDict.FDArray.length, cff.topDict.FDArray.map(f=>f.Private?.Subrs?.length));
const cps = [...new Set([...text].map(c=>c.codePointAt(0)))];
console.log('unique chars', cps.length);
for (let i=0;i<6;i++){
  const s = font.createSubset();
  for (const cp of cps) s.includeGlyph(font.glyphForCodePoint(cp).id);
  let t=performance.now();
  s.subsetCharstrings(); const a=performance.now()-t; t=performance.now();
  const buf = s.encode(); const b=performance.now()-t;
  console.log('charstrings', a.toFixed(1), 'encode(all)', b.toFixed(1), buf.length);
}
let t=performance.now();
for (let i=0;i<10;i++) font.layout(text);
console.log('layout full text', (performance.now()-t)/10);
