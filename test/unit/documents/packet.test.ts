import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExhibitKind } from '../../../src/domain/evidence.ts';
import { createLawsuitPacket, exhibitPacketFiles, type PacketFile, type PacketManifest } from '../../../src/documents/packet.ts';
import { loadTemplate } from '../../../src/documents/templates.ts';
import { FsContentStore } from '../../../src/storage/fs-store.ts';
import { storeLawsuitDocuments } from '../../support/lawsuit-documents.ts';
import { caseInput, exhibitsFixture } from './fixtures.ts';
import { pdfInfo, tempDir } from './helpers.ts';

const tmp = tempDir('packet-test-');
afterAll(() => tmp.cleanup());
const store = new FsContentStore(join(tmp.dir, 'store'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const UTF8 = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

/** A small scanned-exhibit stand-in: an n-page PDF. */
async function exhibitPdf(title: string, pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: title, CreationDate: new Date('2024-12-01T00:00:00Z') } });
  const done = buffer(doc);
  for (let i = 0; i < pages; i++) {
    if (i > 0) doc.addPage();
    doc.fontSize(14).text(`exhibit page ${i + 1}`);
  }
  doc.end();
  return done;
}

let input: ReturnType<typeof caseInput>;

beforeAll(async () => {
  const stored: Partial<Record<ExhibitKind, { sha256: string; storageKey: string; pageCount: number }>> = {};
  for (const e of exhibitsFixture()) {
    const put = await store.put(await exhibitPdf(e.name, e.pageCount));
    stored[e.kind] = { sha256: put.sha256, storageKey: put.key, pageCount: e.pageCount };
  }
  input = caseInput({ exhibits: exhibitsFixture(stored) });
}, 60_000);

async function unzipTo(zip: Buffer, name: string): Promise<string> {
  const file = join(tmp.dir, `${name}.zip`);
  writeFileSync(file, zip);
  const dir = join(tmp.dir, name);
  execFileSync('unzip', ['-q', '-o', file, '-d', dir], { env: UTF8 });
  return dir;
}

describe('lawsuit packet', () => {
  it('is a ZIP of documents and exhibits in filing order, with a manifest whose hashes match the files', async () => {
    const documents = await storeLawsuitDocuments(store, input);
    const packet = await createLawsuitPacket(store, { caseId: input.caseId, createdAt: '2025-01-06T09:00:00+08:00', files: [...documents, ...exhibitPacketFiles(input.exhibits!)] });
    const zip = await buffer(packet.stream);
    const dir = await unzipTo(zip, 'packet');

    const manifestBytes = readFileSync(join(dir, 'manifest.json'));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as PacketManifest;
    expect(manifest).toEqual(packet.manifest);
    expect(sha(manifestBytes)).toBe(packet.packetSha256);
    expect(readFileSync(join(dir, 'manifest.json.sha256'), 'utf8')).toBe(`${packet.packetSha256}  manifest.json\n`);
    execFileSync('sha256sum', ['-c', 'manifest.json.sha256'], { cwd: dir });
    expect(execFileSync('unzip', ['-z', join(tmp.dir, 'packet.zip')], { encoding: 'utf8' })).toContain(`packet-sha256=${packet.packetSha256}`);

    // Chinese names intact (UTF-8 flag), in filing order.
    const listed = execFileSync('unzip', ['-Z1', join(tmp.dir, 'packet.zip')], { encoding: 'utf8', env: UTF8 }).trim().split('\n');
    expect(listed).toEqual(['manifest.json', 'manifest.json.sha256', ...manifest.files.map((f) => f.path)]);
    const filing = manifest.files.filter((f) => f.role === 'filing').map((f) => f.path);
    expect(filing.slice(0, 8)).toEqual([
      '01_民事起诉状.pdf',
      '02_欠款计算明细.pdf',
      '03_主体资格_原告营业执照、金融许可证.pdf',
      '04_法定代表人身份证明书.pdf',
      '05_授权委托书.pdf',
      '06_律师事务所函.pdf',
      '07_送达地址确认书.pdf',
      '08_证据目录.pdf',
    ]);
    expect(filing.slice(8)).toEqual(input.exhibits!.map((e) => `${String(e.number + 8).padStart(2, '0')}_证据${String(e.number).padStart(2, '0')}_${e.name}.pdf`));
    expect(manifest.files.filter((f) => f.role === 'editable').map((f) => f.path)).toEqual([
      '可编辑版本/民事起诉状.docx',
      '可编辑版本/欠款计算明细.docx',
      '可编辑版本/法定代表人身份证明书.docx',
      '可编辑版本/授权委托书.docx',
      '可编辑版本/律师事务所函.docx',
      '可编辑版本/送达地址确认书.docx',
      '可编辑版本/证据目录.docx',
    ]);
    expect(manifest.files.find((f) => f.type === 'complaint' && f.format === 'pdf')?.copies).toBe(1);

    for (const f of manifest.files) {
      const bytes = readFileSync(join(dir, f.path));
      expect(sha(bytes), f.path).toBe(f.sha256);
      expect(bytes.length, f.path).toBe(f.size);
      if (f.format === 'pdf') {
        const info = pdfInfo(bytes); // pdfinfo opens it
        expect(info.Pages, f.path).toBe(String(f.pages));
      }
      if (f.type !== 'exhibit') expect(f.template, f.path).toEqual({ name: f.type, version: loadTemplate(f.type).version });
    }
    expect(readdirSync(dir).length).toBe(2 + filing.length + 1);
  });

  it('gives the same bytes and hash for the same stored files and time stamp', async () => {
    const files = exhibitPacketFiles(input.exhibits!);
    const a = await createLawsuitPacket(store, { caseId: 'c1', createdAt: '2025-01-06T01:00:00Z', files });
    const b = await createLawsuitPacket(store, { caseId: 'c1', createdAt: '2025-01-06T01:00:00Z', files: [...files].reverse() });
    const [za, zb] = [await buffer(a.stream), await buffer(b.stream)];
    expect(a.packetSha256).toBe(b.packetSha256);
    expect(za.equals(zb)).toBe(true);
  });

  it('streams packets made at the same time intact: the buffers files are read into are reused only once copied out', async () => {
    // Forty files each, of sizes across the read buffers' steps, two packets streamed side by side.
    const packets = await Promise.all(
      ['c-side-a', 'c-side-b'].map(async (caseId, p) => {
        const files: PacketFile[] = [];
        const contents = new Map<string, Buffer>();
        for (let i = 0; i < 40; i++) {
          const bytes = randomBytes(1000 + ((i * 7919 + p * 104729) % 300_000));
          const put = await store.put(bytes);
          files.push({ key: put.key, type: 'exhibit', format: 'pdf', name: `证据${i + 1}`, pages: 1, exhibit: { number: i + 1, kind: 'loan_contract' }, size: bytes.length });
          contents.set(put.sha256, bytes);
        }
        return { caseId, contents, packet: await createLawsuitPacket(store, { caseId, createdAt: '2025-01-06T01:00:00Z', files }) };
      }),
    );
    const zips = await Promise.all(packets.map((p) => buffer(p.packet.stream)));
    for (const [i, { caseId, contents, packet }] of packets.entries()) {
      const dir = await unzipTo(zips[i]!, caseId);
      expect(packet.manifest.files).toHaveLength(40);
      for (const f of packet.manifest.files) expect(readFileSync(join(dir, f.path)).equals(contents.get(f.sha256)!), f.path).toBe(true);
    }
  });

  it('fails the stream when a stored file no longer matches its hash', async () => {
    const bytes = await exhibitPdf('tampered', 1);
    const put = await store.put(bytes);
    const path = store.pathOf(put.key);
    chmodSync(path, 0o644);
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('%tampered')]));
    const packet = await createLawsuitPacket(store, {
      caseId: 'c2',
      createdAt: '2025-01-06T01:00:00Z',
      files: [{ key: put.key, type: 'exhibit', format: 'pdf', name: '篡改', pages: 1, exhibit: { number: 1, kind: 'loan_contract' }, size: bytes.length }],
    });
    await expect(pipeline(packet.stream, createWriteStream(join(tmp.dir, 'bad.zip')))).rejects.toThrow(/does not match|unexpected number of bytes/);
  });

  it('checks a file of more than a megabyte, streamed rather than read ahead, the same way', async () => {
    const small = await store.put(await exhibitPdf('small', 1));
    const bytes = Buffer.concat([await exhibitPdf('large', 1), Buffer.alloc(1_500_000, 0x20)]);
    const put = await store.put(bytes);
    const files: PacketFile[] = [
      { key: small.key, type: 'exhibit', format: 'pdf', name: '小', pages: 1, exhibit: { number: 1, kind: 'loan_contract' } },
      { key: put.key, type: 'exhibit', format: 'pdf', name: '大', pages: 1, exhibit: { number: 2, kind: 'repayment_ledger' }, size: bytes.length },
    ];
    const whole = await createLawsuitPacket(store, { caseId: 'c4', createdAt: '2025-01-06T01:00:00Z', files });
    await pipeline(whole.stream, createWriteStream(join(tmp.dir, 'large.zip')));
    const listed = execFileSync('unzip', ['-l', join(tmp.dir, 'large.zip')], { encoding: 'utf8', env: UTF8 });
    expect(listed).toContain(String(bytes.length));

    const path = store.pathOf(put.key);
    chmodSync(path, 0o644);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, bytes.length - 9), Buffer.from('%tampered')]));
    const tampered = await createLawsuitPacket(store, { caseId: 'c4', createdAt: '2025-01-06T01:00:00Z', files });
    await expect(pipeline(tampered.stream, createWriteStream(join(tmp.dir, 'bad-large.zip')))).rejects.toThrow(/does not match/);
  });

  it('refuses files that are not in the store', async () => {
    await expect(
      createLawsuitPacket(store, {
        caseId: 'c3',
        createdAt: '2025-01-06T01:00:00Z',
        files: [{ key: `sha256/ab/cd/abcd${'0'.repeat(60)}`, type: 'complaint', format: 'pdf', name: '民事起诉状', pages: 1 }],
      }),
    ).rejects.toThrow(/not in the store/);
  });
});
