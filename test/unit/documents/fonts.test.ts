import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FONTS, fontSetFromPath } from '../../../src/documents/fonts.ts';
import { type FontSpec, loadFont } from '../../../src/documents/loaded-font.ts';
import { breakLines } from '../../../src/documents/layout.ts';
import { typefaceFor } from '../../../src/documents/fonts.ts';
import { pdfText, tempDir } from './helpers.ts';

const tmp = tempDir('fonts-test-');
afterAll(() => tmp.cleanup());
const SAMPLE = '借款人刘䶮𠮷、王喆、陈堃、赟，人民币肆万叁仟陆佰伍拾贰元捌角柒分（43,652.87元）。第 1 页 共 2 页';

async function draw(font: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
  const done = buffer(doc);
  font(doc);
  doc.fontSize(16).text(SAMPLE, 50, 60, { width: 480 });
  doc.end();
  return done;
}

function png(pdf: Buffer, name: string): Buffer {
  const file = join(tmp.dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '110', '-png', '-singlefile', file, join(tmp.dir, name)]);
  return readFileSync(join(tmp.dir, `${name}.png`));
}

describe('fonts', () => {
  it('parses each face once per process', () => {
    const spec: FontSpec = { ...DEFAULT_FONTS.regular };
    expect(loadFont(spec)).toBe(loadFont({ ...spec }));
  });

  it.each([DEFAULT_FONTS.regular, DEFAULT_FONTS.bold!])('draws $postscriptName pixel-identically to a plain pdfkit subset, at a fraction of the size', async (spec) => {
    const naive = await draw((doc) => doc.font(spec.path, spec.postscriptName!));
    const ours = await draw((doc) => {
      doc.registerFont('cached', loadFont(spec).pdfkitFont as unknown as string);
      doc.font('cached');
    });
    expect(png(ours, `ours-${spec.postscriptName}`).equals(png(naive, `naive-${spec.postscriptName}`))).toBe(true);
    expect(pdfText(ours)).toContain('刘䶮𠮷');
    expect(ours.length).toBeLessThan(naive.length / 2);
  });

  it('derives the bold face and postscript names from one configured path', () => {
    const set = fontSetFromPath('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc');
    expect(set.regular.postscriptName).toBe('NotoSerifCJKsc-Regular');
    expect(set.bold).toEqual({ path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', postscriptName: 'NotoSerifCJKsc-Bold' });
  });

  it('fails clearly on a collection face that does not exist', () => {
    expect(() => loadFont({ path: DEFAULT_FONTS.regular.path, postscriptName: 'NoSuchFace' })).toThrow(/no face named NoSuchFace.*NotoSerifCJKsc-Regular/);
  });
});

describe('line breaking', () => {
  const tf = typefaceFor(DEFAULT_FONTS);
  const text = (lines: ReturnType<typeof breakLines>) => lines.map((l) => l.pieces.map((p) => p.text).join(''));

  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    // 12 pt CJK: 10 characters per 120 pt line.
    const lines = text(breakLines([{ text: '一二三四五六七八九十，一二三四五六七（八九' }], 12, 120, tf));
    expect(lines[0]).toBe('一二三四五六七八九');
    expect(lines[1]!.startsWith('十，')).toBe(true);
    expect(lines[1]).toBe('十，一二三四五六七');
    expect(lines[2]!.startsWith('（八')).toBe(true);
    for (const l of lines) {
      expect('，。、；：？！）》”'.includes(l[0]!)).toBe(false);
      expect('（《“'.includes(l[l.length - 1]!)).toBe(false);
    }
  });

  it('keeps numbers whole and breaks at spaces in Latin text', () => {
    const lines = text(breakLines([{ text: '尚欠人民币43,652.87元整' }], 12, 100, tf));
    expect(lines.some((l) => l.includes('43,652.87'))).toBe(true);
    expect(text(breakLines([{ text: 'alpha beta gamma delta' }], 12, 60, tf)).every((l) => !l.startsWith(' ') && !l.endsWith(' '))).toBe(true);
  });

  it('splits a word wider than the line, and honours hard breaks', () => {
    const lines = text(breakLines([{ text: 'x'.repeat(40) }], 12, 60, tf));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('x'.repeat(40));
    expect(text(breakLines([{ text: '甲\n乙' }], 12, 200, tf))).toEqual(['甲', '乙']);
  });

  it('assigns per glyph the face that has it', () => {
    const [line] = breakLines([{ text: '是☑否☐' }], 12, 200, tf);
    expect(line!.pieces.map((p) => [p.text, p.face.fk.postscriptName])).toEqual([
      ['是', 'NotoSerifCJKsc-Regular'],
      ['☑', 'DejaVuSans'],
      ['否', 'NotoSerifCJKsc-Regular'],
      ['☐', 'DejaVuSans'],
    ]);
  });
});
