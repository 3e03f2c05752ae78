import PDFDocument from '/work/main/node_modules/pdfkit/js/pdfkit.node.mjs';
import { createRequire } from 'node:module';
const req = createRequire(import.meta.resolve('pdfkit'));
const fontkit = req('fontkit');
import fs from 'node:fs';
const text = fs.readFileSync('/work/shared/domain.md','utf8').slice(0, 3000);
let t = performance.now();
const font = fontkit.create(fs.readFileSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'), 'NotoSerifCJKsc-Regular');
console.log('load', performance.now()-t);
async function one(src, fam) {
  const t0 = performance.now();
  const doc = new PDFDocument({ size: 'A4', bufferPages: true });
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r));
  doc.font(src, fam);
  doc.fontSize(12).text(text);
  const range = doc.bufferedPageRange();
  doc.end();
  await done;
  return [performance.now() - t0, range.count];
}
for (let i=0;i<5;i++) console.log('cached', await one(font));
for (let i=0;i<3;i++) console.log('naive', await one('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'));
for (let i=0;i<5;i++) console.log('cached', await one(font));
