// Measures streaming a lawsuit packet out of a document store in a fresh process
// (bench/packet-stream-child.ts): the figures the 1 GB packet benchmarks judge.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DocumentStoreConfig } from '../src/config/config.ts';
import type { PacketFile } from '../src/documents/packet.ts';

export interface PacketStreamFigures {
  bytes: number;
  seconds: number;
  rssBefore: number;
  rssPeak: number;
}

const child = fileURLToPath(new URL('./packet-stream-child.ts', import.meta.url));

/** Streams the packet of `files` from `store` in a child process; its memory line goes to stdout. */
export function measurePacketStream(store: DocumentStoreConfig, files: PacketFile[]): PacketStreamFigures & { rssGrowthMb: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', child], { input: JSON.stringify({ store, files }), encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`packet stream child failed: ${run.stderr}`);
  process.stdout.write(run.stderr);
  const figures = JSON.parse(run.stdout.trim().split('\n').pop()!) as PacketStreamFigures;
  return { ...figures, rssGrowthMb: (figures.rssPeak - figures.rssBefore) / (1024 * 1024) };
}
