/**
 * Prompt reclaiming of what a large download leaves behind. Every socket read of an HTTP body is
 * a fresh buffer (up to 64 KiB) outside V8's heap; they become garbage as soon as they are passed
 * on, but V8 collects them only at a scavenge, and a stream allocates too little on the heap to
 * cause one, or once 64 MB of such memory has piled up. A minor GC after every 16 MiB streamed
 * (about a millisecond each) keeps the pile, and so the process's memory, small.
 *
 * A ZIP of thousands of small files also makes short-lived objects by the file (the streams each
 * file is piped through, its database rows), and many of them outlive two scavenges or are
 * allocated old by V8 from the start. V8 collects the old generation first when it reaches a limit
 * it sizes for the whole process: on a fresh API, 54 → 174 MB before its first full collection,
 * which falls back to 59. So a collection is a full one when at least four came since the last
 * full one and the old generation has grown by 8 MiB since (V8's own full ones count): each takes
 * 40–50 ms here; a fresh API's first 707 MB batch of court archives ran about ten and grew the
 * process by 37–61 MB instead of 117–182 (README, "Batches"). A stream of large files makes
 * almost nothing old: a 1 GB packet runs none.
 *
 * The GC function is obtained the way Jest's leak detector does it (`--expose-gc` set at run
 * time, `gc` taken from a fresh context); where that is refused, streams simply run without it.
 * The counts are the process's: downloads at the same time share them.
 */
import { Transform } from 'node:stream';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes streamed, by all streams of the process, between two collections. */
export const RECLAIM_EVERY_BYTES = 16 * 1024 * 1024;
/** A collection is a full one when at least this many came since the last full one… */
const FULL_GC_AFTER = 4;
/** …and the old generation has grown by this much since (V8's own full collections included). */
const OLD_GROWTH_FOR_FULL_GC_BYTES = 8 * 1024 * 1024;

type Gc = (options: { type: 'minor' | 'major'; execution: 'sync' }) => void;
let gc: Gc | null | undefined;
let streamed = 0;
/** The old generation's size after the last full collection (lowered when V8 runs one itself). */
let oldAfterFullGc = Infinity;
let sinceFullGc = 0;

function oldGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
}

function collectSpentGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  if (gc === null) return;
  const old = oldGenerationBytes();
  oldAfterFullGc = Math.min(oldAfterFullGc, old);
  sinceFullGc += 1;
  if (sinceFullGc < FULL_GC_AFTER || old - oldAfterFullGc < OLD_GROWTH_FOR_FULL_GC_BYTES) return gc({ type: 'minor', execution: 'sync' });
  gc({ type: 'major', execution: 'sync' });
  sinceFullGc = 0;
  oldAfterFullGc = oldGenerationBytes();
}

/** A pass-through that counts what it hands on toward the process's next collection. */
export function reclaimingSpentBuffers(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      streamed += chunk.length;
      if (streamed >= RECLAIM_EVERY_BYTES) {
        streamed = 0;
        collectSpentGarbage();
      }
      done(null, chunk);
    },
  });
}
