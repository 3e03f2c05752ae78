import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
const req = createRequire(import.meta.resolve('pdfkit'));
const fontkit = req('fontkit');
import fs from 'node:fs';
const text = fs.readFileSync('/work/shared/domain.md','utf8').slice(0, 3000);
const font = fontkit.create(fs.readFileSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'), 'NotoSerifCJKsc-Regular');
const T = {};
function tm(k, f) { const t = performance.now(); const r = f(); T[k] = (T[k]||0) + performance.now() - t; return r; }
async function one(src, fam) {
  const doc = new PDFDocument({ size: 'A4', bufferPages: true });
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r));
  doc.font(src, fam);
  const ef = doc._font;
  const origEmbed = ef.embed.bind(ef);
  ef.embed = () => tm('embed', origEmbed);
  const origEnc = ef.subset.encode.bind(ef.subset);
  ef.subset.encode = () => tm('subsetEncode', origEnc);
  tm('text', () => doc.fontSize(12).text(text));
  tm('end', () => doc.end());
  await done;
}
for (let i=0;i<10;i++) await one(font);
console.log(T);
