// Child process of the packet-streaming benchmarks (documents, s3-store): reads
// `{ store: DocumentStoreConfig, files: PacketFile[] }` on stdin, loads the fonts as a worker
// would and reads one file from the store as a running API would have, then streams the lawsuit
// packet of those files from that store to a hashing sink and prints one JSON line: bytes,
// seconds, RSS before and at its peak. A fresh process, so that what the parent grew cannot hide
// the growth. Run with --expose-gc.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import type { DocumentStoreConfig } from '../src/config/config.ts';
import { buildModel, parseCaseInput } from '../src/documents/generate.ts';
import { createLawsuitPacket, type PacketFile } from '../src/documents/packet.ts';
import { renderPdf } from '../src/documents/pdf.ts';
import { DOCUMENTS } from '../src/documents/registry.ts';
import { openContentStore } from '../src/storage/index.ts';
import { caseInput } from '../test/unit/documents/fixtures.ts';
import type { PacketStreamFigures } from './packet-stream.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const { store: storeConfig, files } = JSON.parse(await text(process.stdin)) as { store: DocumentStoreConfig; files: PacketFile[] };
const store = await openContentStore(storeConfig);
await renderPdf(buildModel(DOCUMENTS.legal_rep_certificate, parseCaseInput(caseInput()))); // fonts in, as in a worker
// The store in use, as in a running API: its client's code loaded, a connection open.
await buffer(await store.get(files[0]!.key));
gc();
await new Promise((r) => setTimeout(r, 100));
gc();
const before = process.memoryUsage();
let rssPeak = before.rss;
let atPeak = before;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > rssPeak) {
    rssPeak = m.rss;
    atPeak = m;
  }
}, 10);
const t = performance.now();
const packet = await createLawsuitPacket(store, { caseId: 'bench-1gb', createdAt: '2025-01-06T01:00:00Z', files });
let bytes = 0;
const hash = createHash('sha256');
await pipeline(
  packet.stream,
  new Writable({
    write(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb();
    },
  }),
);
const seconds = (performance.now() - t) / 1000;
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
await store.close?.();
const mb = (x: number) => Math.round(x / 1048576);
console.error(
  `child (${storeConfig.kind}): before rss ${mb(before.rss)} heap ${mb(before.heapUsed)} external ${mb(before.external)} arrayBuffers ${mb(before.arrayBuffers)}; ` +
    `at peak rss ${mb(atPeak.rss)} heap ${mb(atPeak.heapUsed)} external ${mb(atPeak.external)} arrayBuffers ${mb(atPeak.arrayBuffers)}`,
);
const figures: PacketStreamFigures = { bytes, seconds, rssBefore: before.rss, rssPeak };
console.log(JSON.stringify(figures));
