/** Reading generated files back: pdftotext / pdfinfo (poppler) for PDFs, mammoth for DOCX. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';

export function tempDir(prefix = 'documents-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function withPdf<T>(bytes: Uint8Array, f: (path: string) => T): T {
  const { dir, cleanup } = tempDir('pdf-');
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, bytes);
    return f(path);
  } finally {
    cleanup();
  }
}

/** pdftotext in content-stream order (-raw: a table cell's lines stay together) or -layout. */
export function pdfText(bytes: Uint8Array, mode: 'raw' | 'layout' = 'raw'): string {
  return withPdf(bytes, (path) => execFileSync('pdftotext', [`-${mode}`, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
}

export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  return withPdf(bytes, (path) => {
    const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
  });
}

export function pdfFonts(bytes: Uint8Array): string {
  return withPdf(bytes, (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return value;
}

/** Whitespace removed: both extractors break and pad lines differently. */
export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** PDF text without the page footers. */
export function withoutFooters(text: string): string {
  return text.replace(/第\s*\d+\s*页\s*共\s*\d+\s*页/g, '');
}

/** One part of a DOCX package (e.g. word/document.xml), via unzip. */
export function docxPart(bytes: Uint8Array, name: string): string {
  const { dir, cleanup } = tempDir('docx-');
  try {
    const path = join(dir, 'doc.docx');
    writeFileSync(path, bytes);
    return execFileSync('unzip', ['-p', path, name], { encoding: 'utf8' });
  } finally {
    cleanup();
  }
}
