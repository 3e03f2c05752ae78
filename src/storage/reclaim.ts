/**
 * Prompt reclaiming of the buffers a large download leaves behind. Every socket read of an HTTP
 * body is a fresh buffer (up to 64 KiB) outside V8's heap; they become garbage as soon as they
 * are passed on, but V8 collects them only at a scavenge, and a stream allocates too little on
 * the heap to cause one, or once 64 MB of such memory has piled up. A minor GC after every
 * 16 MiB streamed (about a millisecond each) keeps the pile, and so the process's memory, small.
 * The GC function is obtained the way Jest's leak detector does it (`--expose-gc` set at run
 * time, `gc` taken from a fresh context); where that is refused, streams simply run without it.
 */
import { Transform } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes streamed between two minor GCs. */
export const RECLAIM_EVERY_BYTES = 16 * 1024 * 1024;

let minorGc: (() => void) | null | undefined;

function collectYoungGarbage(): void {
  if (minorGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (options: { type: 'minor'; execution: 'sync' }) => void;
      minorGc = () => gc({ type: 'minor', execution: 'sync' });
    } catch {
      minorGc = null;
    }
  }
  minorGc?.();
}

/** A pass-through that runs a minor GC after every RECLAIM_EVERY_BYTES. */
export function reclaimingSpentBuffers(): Transform {
  let since = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      since += chunk.length;
      if (since >= RECLAIM_EVERY_BYTES) {
        since = 0;
        collectYoungGarbage();
      }
      done(null, chunk);
    },
  });
}
