// S3 document store benchmark: `node --expose-gc bench/s3-store.bench.ts` (or `npm run bench -- s3-store`).
//
// A 1 GB lawsuit packet (a 1 GB exhibit among the case's six documents as PDF + DOCX and its
// exhibits) streamed out of the S3 store — Versity's S3 gateway on loopback, started here — in a
// fresh process: its RSS may grow by less than 64 MB. Baseline, in the same run: the same packet
// streamed out of the filesystem store. Also timed: storing the 1 GB exhibit in each (S3: a
// multipart upload while hashing, then the server-side copy to its content address).
// The last line printed is one JSON object with the figures.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import PDFDocument from 'pdfkit';
import { buffer } from 'node:stream/consumers';
import type { DocumentStoreConfig } from '../src/config/config.ts';
import type { ExhibitKind } from '../src/domain/evidence.ts';
import { exhibitPacketFiles, type PacketFile } from '../src/documents/packet.ts';
import { type ContentStore, openContentStore } from '../src/storage/index.ts';
import { freePort } from '../test/support/free-port.ts';
import { storeLawsuitDocuments } from '../test/support/lawsuit-documents.ts';
import { ensureVersityGateway, startVersityGateway } from '../test/support/versitygw.ts';
import { caseInput, exhibitsFixture } from '../test/unit/documents/fixtures.ts';
import { measurePacketStream } from './packet-stream.ts';

const GB = 1024 * 1024 * 1024;
const round = (x: number, d = 1): number => Number(x.toFixed(d));

const root = mkdtempSync(join(tmpdir(), 's3-store-bench-'));
const gateway = await startVersityGateway({ binary: ensureVersityGateway(), dir: join(root, 's3'), port: await freePort() });

/** The case's files in a store: exhibits, the six lawsuit documents, and a 1 GB exhibit (timed). */
async function storePacketFiles(store: ContentStore): Promise<{ files: PacketFile[]; putSeconds: number }> {
  const stored: Partial<Record<ExhibitKind, { sha256: string; storageKey: string; pageCount: number }>> = {};
  for (const e of exhibitsFixture()) {
    const doc = new PDFDocument({ size: 'A4' });
    const done = buffer(doc);
    for (let p = 0; p < e.pageCount; p++) {
      if (p > 0) doc.addPage();
      doc.fontSize(14).text(`${e.kind} page ${p + 1}`);
    }
    doc.end();
    const put = await store.put(await done);
    stored[e.kind] = { sha256: put.sha256, storageKey: put.key, pageCount: e.pageCount };
  }
  const documents = await storeLawsuitDocuments(store, caseInput({ exhibits: exhibitsFixture(stored) }));
  const chunk = randomBytes(1024 * 1024);
  const t = performance.now();
  const big = await store.put(
    (async function* () {
      for (let i = 0; i < GB / chunk.length; i++) {
        chunk.writeUInt32LE(i, 0); // distinct chunks
        yield chunk;
      }
    })(),
  );
  const putSeconds = (performance.now() - t) / 1000;
  const files: PacketFile[] = [
    ...documents,
    ...exhibitPacketFiles(exhibitsFixture(stored)),
    { key: big.key, type: 'exhibit', format: 'pdf', name: '还款明细（全量流水）', pages: 1, exhibit: { number: 8, kind: 'repayment_ledger' } },
  ];
  return { files, putSeconds };
}

try {
  const bucket = 'bench-documents';
  const credentials = { accessKeyId: gateway.accessKeyId, secretAccessKey: gateway.secretAccessKey };
  const admin = new S3Client({ endpoint: gateway.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  const configs: Record<'fs' | 's3', DocumentStoreConfig> = {
    fs: { kind: 'fs', dir: join(root, 'documents') },
    s3: { kind: 's3', bucket, prefix: 'documents/', endpoint: gateway.endpoint, region: 'us-east-1', forcePathStyle: true, credentials },
  };
  const results = {} as Record<'fs' | 's3', { putSeconds: number; stream: ReturnType<typeof measurePacketStream> }>;
  for (const kind of ['fs', 's3'] as const) {
    const store = await openContentStore(configs[kind]);
    const { files, putSeconds } = await storePacketFiles(store);
    await store.close?.();
    const stream = measurePacketStream(configs[kind], files);
    results[kind] = { putSeconds, stream };
    console.log(
      `${kind}: 1 GB exhibit stored in ${putSeconds.toFixed(1)} s; packet of ${(stream.bytes / GB).toFixed(3)} GiB streamed in ${stream.seconds.toFixed(1)} s ` +
        `(${(stream.bytes / GB / stream.seconds).toFixed(2)} GiB/s, every file re-hashed); RSS ${(stream.rssBefore / 1048576).toFixed(0)} → peak ${(stream.rssPeak / 1048576).toFixed(0)} MB, growth ${stream.rssGrowthMb.toFixed(1)} MB`,
    );
  }
  const { fs, s3 } = results;

  const targets = { s3Stream1GbRssGrowthMbMax: 64 };
  const ok = s3.stream.rssGrowthMb < targets.s3Stream1GbRssGrowthMbMax;
  console.log(
    JSON.stringify({
      bench: 's3-store',
      figures: {
        s3Stream1GbRssGrowthMb: round(s3.stream.rssGrowthMb),
        s3Stream1GbSeconds: round(s3.stream.seconds, 2),
        s3Stream1GbGiBPerSecond: round(s3.stream.bytes / GB / s3.stream.seconds, 2),
        s3Put1GbSeconds: round(s3.putSeconds, 2),
        packetBytes: s3.stream.bytes,
        s3Stream1GbRssBeforeMb: round(s3.stream.rssBefore / 1048576),
      },
      baseline: {
        name: 'filesystem store: the same packet, same run',
        stream1GbRssGrowthMb: round(fs.stream.rssGrowthMb),
        stream1GbSeconds: round(fs.stream.seconds, 2),
        stream1GbGiBPerSecond: round(fs.stream.bytes / GB / fs.stream.seconds, 2),
        put1GbSeconds: round(fs.putSeconds, 2),
      },
      target: targets,
    }),
  );
  if (!ok) process.exitCode = 1;
} finally {
  await gateway.stop();
  rmSync(root, { recursive: true, force: true });
}
