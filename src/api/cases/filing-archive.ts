/**
 * ZIP archives of many cases' packets, streamed: a court's archive of a filing batch (each case's
 * packet folder, the court's element table as XLSX and CSV, and an index with every file's
 * SHA-256), and a law firm's download of the packets handed to it. Each case's folder is the case's
 * lawsuit packet exactly as `GET /v1/cases/{caseId}/packet` gives it (same manifest, same files),
 * read lazily from the content store one file at a time.
 *
 * Layout:
 *   <caseId>/manifest.json, <caseId>/01_民事起诉状.pdf …   one folder per case
 *   诉讼要素表.xlsx, 诉讼要素表.csv                          court archives only
 *   index.json                                             every file: path, size, sha256
 *   SHA256SUMS                                             the same, `sha256sum -c` format
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { elementTableCases } from '../../batch/filing.ts';
import type { Database } from '../../db/schema.ts';
import { elementTableCsv, elementTableXlsx } from '../../documents/element-table.ts';
import { packetContents, packetZip } from '../../documents/packet.ts';
import type { ContentStore } from '../../storage/index.ts';
import { packetSourceOf } from './packet-source.ts';

/** How many cases ahead of the ZIP's cursor are read from the database and added to it. */
const CASES_AHEAD = 4;

interface IndexEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface ArchiveOptions {
  /** Title written into index.json (court name, or the firm's download). */
  title: string;
  /** Whether to add the court's element table (XLSX and CSV). */
  elementTable: boolean;
}

/**
 * Streams the archive of these cases. A case without a packet yet is skipped and listed in
 * index.json; a file that fails its hash check aborts the stream (the client sees a broken download).
 */
export function casesArchive(db: Kysely<Database>, store: ContentStore, caseIds: readonly string[], options: ArchiveOptions): Readable {
  const { zip, out, fail, addPacket } = packetZip(store);
  const mtime = new Date();
  const index: IndexEntry[] = [];
  const skipped: string[] = [];
  const addBuffer = (path: string, bytes: Buffer): void => {
    zip.addBuffer(bytes, path, { mtime, compress: true });
    index.push({ path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  };

  void (async () => {
    if (options.elementTable) {
      const rows = await elementTableCases(db, caseIds);
      addBuffer('诉讼要素表.xlsx', await elementTableXlsx(rows));
      addBuffer('诉讼要素表.csv', elementTableCsv(rows));
    }
    // Cases are added as the ZIP nears them, at most CASES_AHEAD ahead of the one being written:
    // what the archive holds (manifests, their compression, the ZIP's entries to come) stays the
    // same for a court's thousand cases as for ten, and a download given up stops the reading.
    const reaching: Promise<void>[] = [];
    for (const caseId of caseIds) {
      if (reaching.length >= CASES_AHEAD) await reaching.shift();
      if (out.destroyed) return;
      const source = await packetSourceOf(db, caseId);
      if (source === undefined) {
        skipped.push(caseId);
        continue;
      }
      const contents = await packetContents(store, source.input);
      const folder = `${caseId}/`;
      reaching.push(addPacket(contents, folder));
      index.push({ path: `${folder}manifest.json`, size: contents.manifestBytes.length, sha256: contents.packetSha256 });
      for (const f of contents.manifest.files) index.push({ path: `${folder}${f.path}`, size: f.size, sha256: f.sha256 });
    }
    const indexJson = Buffer.from(`${JSON.stringify({ title: options.title, createdAt: mtime.toISOString(), hashAlgorithm: 'sha256', cases: caseIds.length - skipped.length, skipped, files: index }, null, 2)}\n`, 'utf8');
    const sums = index.map((e) => `${e.sha256}  ${e.path}`).join('\n');
    zip.addBuffer(indexJson, 'index.json', { mtime, compress: true });
    zip.addBuffer(Buffer.from(`${sums}\n`, 'utf8'), 'SHA256SUMS', { mtime, compress: true });
    zip.end({ comment: 'legal-escalation case archive', forceZip64Format: false });
  })().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
  return out;
}
