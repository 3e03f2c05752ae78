/**
 * The lawsuit packet: a ZIP of a case's documents and exhibits in filing order (domain.md §3),
 * streamed from the content store in constant memory (yazl; stored PDFs are not recompressed).
 *
 * Layout of the ZIP:
 *   manifest.json            every file: path, type, format, pages, size, sha256, template version
 *   manifest.json.sha256     "<sha256 of manifest.json>  manifest.json" (sha256sum -c format)
 *   01_民事起诉状.pdf …       filing documents and exhibits, numbered in filing order
 *   可编辑版本/…docx          the DOCX of each generated document, same order
 *   参考/…                    demand letters (reference copies; the delivered demand is an exhibit)
 *
 * The packet's own hash is the SHA-256 of manifest.json: the manifest holds the SHA-256 of every
 * file, so that one hash pins the whole content (the ZIP bytes themselves vary with nothing but
 * entry timestamps, which are set to the packet's creation time). It is stored beside the manifest,
 * written as the ZIP comment ("packet-sha256=…") and returned to the caller.
 * Every file is re-hashed while it streams; a file whose bytes do not match its address aborts
 * the stream with an error.
 *
 * This is the one place a packet is made. Its input is files already in the content store: the
 * generated documents as storeGeneratedDocument (./stored-document.ts) put them there, and the
 * exhibits of the frozen evidence bundle (exhibitPacketFiles). In the service the download route
 * reads that input from the database (src/api/cases/packet-source.ts).
 */
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import yazl from 'yazl';
import type { DocumentFormat, DocumentType } from '../domain/documents.ts';
import type { Exhibit, ExhibitKind } from '../domain/evidence.ts';
import { type ContentStore, sha256OfKey } from '../storage/content-store.ts';
import { reclaimingSpentBuffers } from '../storage/reclaim.ts';
import type { TemplateRef } from './model.ts';

type PacketFileType = DocumentType | 'exhibit';

export interface PacketFile {
  /** Content-store key of the file. */
  key: string;
  type: PacketFileType;
  format: DocumentFormat;
  /** Display name without extension ("民事起诉状", or the exhibit's name). */
  name: string;
  pages: number | null;
  template?: TemplateRef | null;
  exhibit?: { number: number; kind: ExhibitKind };
  /** Known size (else read from the store). */
  size?: number;
}

export interface PacketInput {
  caseId: string;
  /** ISO instant; also the timestamp of every ZIP entry (deterministic output). */
  createdAt: string;
  files: PacketFile[];
  /** Copies of the complaint to file (one per defendant); recorded in the manifest. Default 1. */
  defendants?: number;
}

type PacketRole = 'filing' | 'editable' | 'reference';

interface ManifestEntry {
  seq: number;
  path: string;
  role: PacketRole;
  type: PacketFileType;
  format: DocumentFormat;
  name: string;
  pages: number | null;
  size: number;
  sha256: string;
  template: TemplateRef | null;
  exhibitNumber?: number;
  copies?: number;
}

export interface PacketManifest {
  format: 'legal-escalation/lawsuit-packet';
  version: 1;
  caseId: string;
  createdAt: string;
  hashAlgorithm: 'sha256';
  /** How the packet hash is defined (for whoever verifies it without this code). */
  packetHash: 'sha256 of manifest.json as stored in the packet';
  files: ManifestEntry[];
}

export interface Packet {
  /** The ZIP, streamed. Errors (missing file, hash mismatch) destroy the stream. */
  stream: Readable;
  manifest: PacketManifest;
  manifestBytes: Buffer;
  packetSha256: string;
}

/**
 * Filing order: complaint (+ its claim calculation), the plaintiff's licence with the legal
 * representative certificate, power of attorney with the firm's letter (所函), service address
 * confirmation, evidence list, exhibits by number. The licence is filed twice: as party material
 * and as its numbered exhibit.
 */
const FILING_RANK: Partial<Record<PacketFileType, number>> = {
  complaint: 1,
  claim_calculation: 2,
  legal_rep_certificate: 4,
  power_of_attorney: 5,
  firm_letter: 6,
  service_address_confirmation: 7,
  evidence_list: 8,
};
const LICENCE_RANK = 3;
const EXHIBIT_RANK = 9;

function safeName(name: string): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...cleaned];
  return (chars.length > 60 ? chars.slice(0, 60).join('') : cleaned) || '_';
}

interface Planned {
  file: PacketFile;
  path: string;
  role: PacketRole;
  copies?: number;
}

/** Orders the files and gives each its path in the ZIP. */
function planPacket(files: readonly PacketFile[], defendants = 1): Planned[] {
  const filing: { rank: number; sub: number; file: PacketFile; label: string }[] = [];
  const editable: { rank: number; sub: number; file: PacketFile }[] = [];
  const reference: PacketFile[] = [];
  for (const f of files) {
    if (f.type === 'exhibit') {
      const n = f.exhibit?.number ?? 0;
      if (f.format !== 'pdf') throw new Error(`exhibit ${f.name}: only PDF exhibits go into the packet`);
      filing.push({ rank: EXHIBIT_RANK, sub: n, file: f, label: `证据${String(n).padStart(2, '0')}_${safeName(f.name)}` });
      if (f.exhibit?.kind === 'lender_licence') filing.push({ rank: LICENCE_RANK, sub: n, file: f, label: `主体资格_${safeName(f.name)}` });
      continue;
    }
    const rank = FILING_RANK[f.type];
    if (rank === undefined) {
      reference.push(f);
      continue;
    }
    if (f.format === 'pdf') filing.push({ rank, sub: 0, file: f, label: safeName(f.name) });
    else editable.push({ rank, sub: 0, file: f });
  }
  filing.sort((a, b) => a.rank - b.rank || a.sub - b.sub);
  editable.sort((a, b) => a.rank - b.rank);
  const width = Math.max(2, String(filing.length).length);
  const used = new Set<string>();
  const unique = (path: string): string => {
    let p = path;
    for (let i = 2; used.has(p); i++) p = path.replace(/(\.[^.]+)$/, `_${i}$1`);
    used.add(p);
    return p;
  };
  const out: Planned[] = filing.map((e, i) => ({
    file: e.file,
    path: unique(`${String(i + 1).padStart(width, '0')}_${e.label}.pdf`),
    role: 'filing' as const,
    ...(e.file.type === 'complaint' ? { copies: defendants } : {}),
  }));
  for (const e of editable) out.push({ file: e.file, path: unique(`可编辑版本/${safeName(e.file.name)}.${e.file.format}`), role: 'editable' });
  for (const f of reference) out.push({ file: f, path: unique(`参考/${safeName(f.name)}.${f.format}`), role: 'reference' });
  return out;
}

/** Streams the verified bytes of one stored file; errors when they do not hash to `sha256`. */
function verifying(expected: string, size: number, path: string): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      seen += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      const got = hash.digest('hex');
      if (got !== expected || seen !== size) cb(new Error(`packet file ${path}: stored content does not match its sha256 ${expected} (got ${got}, ${seen} bytes)`));
      else cb();
    },
  });
}

/**
 * Chunk size for reading packet files: 64 KiB, a read of the disk (or the socket) per chunk. Every
 * chunk is a fresh buffer outside V8's heap that a stream passes on at once but V8 frees only at its
 * next scavenge, and streaming allocates too little on the heap to cause one before 64 MB of them
 * have piled up; so the ZIP's output runs a GC every 16 MiB, a full one when the old generation
 * has grown (reclaimingSpentBuffers), which keeps a 1 GB packet, or a court's archive of a
 * thousand packets, in constant memory. (Before, 4 KiB chunks kept the pile small by making the
 * stream itself allocate, at a third of the speed.)
 */
const PACKET_CHUNK_SIZE = 64 * 1024;

/** A packet's files in order with its manifest: what its ZIP holds, whether alone or as a folder of a larger archive. */
export interface PacketContents {
  manifest: PacketManifest;
  manifestBytes: Buffer;
  packetSha256: string;
  /** Content-store key of each manifest entry, in the same order. */
  keys: string[];
  mtime: Date;
}

/** Plans the packet and builds its manifest (file sizes from the input, else from the store). */
export async function packetContents(store: ContentStore, input: PacketInput): Promise<PacketContents> {
  const planned = planPacket(input.files, input.defendants ?? 1);
  const entries: ManifestEntry[] = [];
  for (const [i, p] of planned.entries()) {
    const sha256 = sha256OfKey(p.file.key);
    const size = p.file.size ?? (await store.stat(p.file.key))?.size;
    if (size === undefined) throw new Error(`packet file ${p.path}: ${p.file.key} is not in the store`);
    entries.push({
      seq: i + 1,
      path: p.path,
      role: p.role,
      type: p.file.type,
      format: p.file.format,
      name: p.file.name,
      pages: p.file.pages,
      size,
      sha256,
      template: p.file.template ?? null,
      ...(p.file.exhibit ? { exhibitNumber: p.file.exhibit.number } : {}),
      ...(p.copies !== undefined ? { copies: p.copies } : {}),
    });
  }
  const manifest: PacketManifest = {
    format: 'legal-escalation/lawsuit-packet',
    version: 1,
    caseId: input.caseId,
    createdAt: input.createdAt,
    hashAlgorithm: 'sha256',
    packetHash: 'sha256 of manifest.json as stored in the packet',
    files: entries,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const packetSha256 = createHash('sha256').update(manifestBytes).digest('hex');
  const mtime = new Date(input.createdAt);
  if (Number.isNaN(mtime.getTime())) throw new Error(`createdAt is not an instant: ${input.createdAt}`);
  return { manifest, manifestBytes, packetSha256, keys: planned.map((p) => p.file.key), mtime };
}

/** Files up to this size are read whole, ahead of the ZIP's cursor; larger ones stream in chunks when the ZIP reaches them. */
const READ_AHEAD_MAX_FILE_BYTES = 1024 * 1024;
/**
 * How many files ahead of the ZIP's cursor are being read: a packet is mostly files of 10–200 KB,
 * and read one after another as the ZIP reaches them, each one's open, reads and close (or S3 GET)
 * would stand between two entries; read ahead, they overlap with writing. At most this many files
 * of at most READ_AHEAD_MAX_FILE_BYTES are held.
 */
const READ_AHEAD_FILES = 8;

/** Free read buffers kept between downloads, at most (buffers in use are not counted). */
const READ_BUFFERS_KEPT_BYTES = 16 * 1024 * 1024;
/** The smallest read buffer; larger ones go up in powers of two. */
const READ_BUFFER_MIN_BYTES = 64 * 1024;

/**
 * The buffers small files are read into, lent by the read-ahead and given back once the ZIP's
 * output has copied them into its chunks (inWholeChunks). A court's archive reads thousands of
 * files; read each into a fresh buffer outside V8's heap, they are freed only when a garbage
 * collection finds them, and the process spends its time allocating and collecting. Reused, a
 * warm API streamed court archives about a third faster (43 → 58 MB/s). One set for the process:
 * downloads at the same time share it; a buffer never given back (a download abandoned) is left
 * to the garbage collector.
 */
const readBuffers = (() => {
  const free = new Map<number, Buffer[]>();
  const lent = new WeakMap<ArrayBufferLike, Buffer>();
  let keptBytes = 0;
  return {
    /** A buffer of `size` bytes, cut from a free one of the next power of two or a new one. */
    lend(size: number): Buffer {
      let capacity = READ_BUFFER_MIN_BYTES;
      while (capacity < size) capacity *= 2;
      let whole = free.get(capacity)?.pop();
      if (whole === undefined) whole = Buffer.allocUnsafeSlow(capacity);
      else keptBytes -= capacity;
      lent.set(whole.buffer, whole);
      return whole.subarray(0, size);
    },
    /** Takes back a buffer lent (others are ignored); what it holds must not be read after. */
    giveBack(part: Buffer): void {
      const whole = lent.get(part.buffer);
      if (whole === undefined) return;
      lent.delete(part.buffer);
      if (keptBytes + whole.length > READ_BUFFERS_KEPT_BYTES) return;
      keptBytes += whole.length;
      const sized = free.get(whole.length);
      if (sized === undefined) free.set(whole.length, [whole]);
      else sized.push(whole);
    },
  };
})();

/** The small files of a ZIP, read from the store (into lent buffers) ahead of the ZIP's cursor. */
function readAhead(store: ContentStore) {
  const files: { key: string; size: number }[] = [];
  const reads = new Map<number, Promise<Buffer>>();
  let started = 0;
  return {
    /** Queues a file in ZIP order; returns its place. */
    add(key: string, size: number): number {
      return files.push({ key, size }) - 1;
    },
    /** The bytes of the file at `place` (undefined for a large one, which the caller streams); starts reading the files after it. */
    take(place: number): Promise<Buffer> | undefined {
      for (const until = Math.min(place + 1 + READ_AHEAD_FILES, files.length); started < until; started++) {
        const f = files[started]!;
        if (f.size > READ_AHEAD_MAX_FILE_BYTES) continue;
        // Room for a byte more than the manifest's size: a stored file that has grown since is
        // read long, and fails its check, instead of being cut to the size that matches.
        const read = store.read(f.key, readBuffers.lend(f.size + 1));
        read.catch(() => undefined); // reported when taken
        reads.set(started, read);
      }
      const read = reads.get(place);
      reads.delete(place);
      return read;
    },
  };
}

/** Size of the chunks a ZIP is handed on in. */
const OUTPUT_CHUNK_BYTES = 256 * 1024;

/**
 * A pass-through that hands on what it is given in chunks of OUTPUT_CHUNK_BYTES (the last one
 * smaller). yazl writes every entry as three chunks, two of them a few dozen bytes (the local
 * header and the data descriptor), and what reads the ZIP pays per chunk: an HTTP response a
 * write, a web-stream read and often a socket writev. Downloading court archives of thousands of
 * small packet files, the API process's socket writes fell from 8% of its busy time to 3%.
 * Once copied into a chunk, the read buffers it was given go back to readBuffers.
 */
function inWholeChunks(): Transform {
  const held: Buffer[] = [];
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      held.push(chunk);
      bytes += chunk.length;
      if (bytes < OUTPUT_CHUNK_BYTES) return done();
      const whole = Buffer.concat(held, bytes);
      for (const part of held) readBuffers.giveBack(part);
      held.length = 0;
      bytes = 0;
      done(null, whole);
    },
    flush(done) {
      const rest = bytes > 0 ? Buffer.concat(held, bytes) : undefined;
      for (const part of held) readBuffers.giveBack(part);
      done(null, rest);
    },
  });
}

/**
 * A ZIP of packets being written to `out`: `addPacket` adds a packet's files under `folder` (""
 * for a packet of its own, "<caseId>/" inside a batch archive): manifest.json, its hash, and every
 * file from the store, re-hashed on the way (small files read a few ahead, large ones streamed when
 * the ZIP reaches them). It resolves when the ZIP reaches the packet's first file (or `out` has
 * closed): an archive of many packets adds the next ones as the ZIP gets near them, so what it
 * holds does not grow with the number of packets. `fail` ends `out` with an error (a broken
 * download, never a truncated archive that looks whole); the first error of the ZIP or of a file
 * (missing, not matching its hash) goes there.
 */
export function packetZip(store: ContentStore): { zip: yazl.ZipFile; out: Transform; fail: (e: Error) => void; addPacket: (contents: PacketContents, folder: string) => Promise<void> } {
  const zip = new yazl.ZipFile();
  const out = inWholeChunks();
  const fail = (e: Error): void => {
    if (!out.destroyed) out.destroy(e);
  };
  const reclaiming = reclaimingSpentBuffers();
  zip.on('error', fail);
  zip.outputStream.on('error', fail);
  reclaiming.on('error', fail);
  zip.outputStream.pipe(reclaiming).pipe(out);
  const ahead = readAhead(store);

  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  const addPacket = (contents: PacketContents, folder: string): Promise<void> => {
    const { mtime, manifestBytes, packetSha256 } = contents;
    zip.addBuffer(manifestBytes, `${folder}manifest.json`, { mtime, compress: true });
    zip.addBuffer(Buffer.from(`${packetSha256}  manifest.json\n`, 'utf8'), `${folder}manifest.json.sha256`, { mtime, compress: false });
    const { promise: reaching, resolve: reached } = Promise.withResolvers<void>();
    if (contents.manifest.files.length === 0) reached();
    for (const e of contents.manifest.files) {
      const key = contents.keys[e.seq - 1]!;
      const place = ahead.add(key, e.size);
      zip.addReadStreamLazy(`${folder}${e.path}`, { mtime, compress: false, size: e.size }, (cb) => {
        reached();
        const whole = ahead.take(place);
        const opening = whole === undefined ? store.get(key, { chunkSize: PACKET_CHUNK_SIZE }) : whole.then((bytes) => Readable.from([bytes]));
        opening.then(
          (source) => {
            const check = verifying(e.sha256, e.size, e.path);
            source.on('error', fail);
            check.on('error', fail);
            cb(null, source.pipe(check));
          },
          (err: Error) => fail(err),
        );
      });
    }
    return Promise.race([reaching, closed]);
  };
  return { zip, out, fail, addPacket };
}

/** Builds the manifest and returns the packet as a ZIP stream (files are read as the ZIP reaches them, small ones a few ahead). */
export async function createLawsuitPacket(store: ContentStore, input: PacketInput): Promise<Packet> {
  const contents = await packetContents(store, input);
  const { zip, out, addPacket } = packetZip(store);
  void addPacket(contents, '');
  zip.end({ comment: `packet-sha256=${contents.packetSha256}`, forceZip64Format: false });
  return { stream: out, manifest: contents.manifest, manifestBytes: contents.manifestBytes, packetSha256: contents.packetSha256 };
}

/** The exhibit fields a packet entry is made of (the bundle as stored may lack a page count). */
export type PacketExhibit = Pick<Exhibit, 'number' | 'kind' | 'name' | 'storageKey'> & { pageCount: number | null };

/** Packet entries of a case's exhibits (already in the store, as the evidence bundle froze them). */
export function exhibitPacketFiles(exhibits: readonly PacketExhibit[]): PacketFile[] {
  return exhibits.map((e) => ({
    key: e.storageKey,
    type: 'exhibit',
    format: 'pdf',
    name: e.name,
    pages: e.pageCount,
    exhibit: { number: e.number, kind: e.kind },
  }));
}
