import PDFDocument from 'pdfkit';
import { writeFileSync } from 'node:fs';
import { loadFont, DEFAULT_FONTS } from '../src/documents/fonts.ts';
const text = '借款人吉𠮷䶮堃喆赟，人民币伍万元整 1,234.56元。第 1 页 共 2 页 ABCxyz（）《》“”';
async function make(useFast: boolean, file: string, spec = DEFAULT_FONTS.regular) {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r));
  if (useFast) doc.font(loadFont(spec).pdfkitFont as any); else doc.font(spec.path, spec.postscriptName);
  doc.fontSize(20).text(text, 50, 50, { lineBreak: false });
  doc.fontSize(20).text(require_text(), 50, 100, { width: 480 });
  doc.end();
  await done;
  writeFileSync(file, Buffer.concat(chunks));
}
function require_text() { return '本院认为，借款合同依法成立，合法有效。被告未按约定还款，应承担相应责任。'.repeat(6); }
const t = performance.now();
await make(true, '/tmp/docprobe/fast.pdf');
await make(false, '/tmp/docprobe/slow.pdf');
await make(true, '/tmp/docprobe/fastb.pdf', DEFAULT_FONTS.bold!);
await make(false, '/tmp/docprobe/slowb.pdf', DEFAULT_FONTS.bold!);
console.log('ok', performance.now() - t);
