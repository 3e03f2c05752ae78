/**
 * DOCX rendering on a thread of its own. The docx library spends ~15–20 ms of CPU on any document
 * (building, serialising and deflating its fixed parts: styles, numbering, theme, settings) and
 * ~70 ms on the claim calculation: more than the PDF renderer. `generate` draws a document's PDF
 * on the calling thread while its DOCX renders here, on another core when one is free (on a
 * machine whose cores are all busy it gains nothing and costs ~5% more CPU). One worker per
 * process, started on first use; it keeps the process alive only while a render is pending.
 * Models go in and bytes come back as structured clones (a few dozen KB). Should the thread fail
 * to start or die, its pending and later renders run in-process: the documents are the same.
 */
import { Worker } from 'node:worker_threads';
import { renderDocx, type DocxOptions } from './docx.ts';
import type { DocumentModel } from './model.ts';

interface Pending {
  model: DocumentModel;
  options: DocxOptions;
  resolve: (r: { bytes: Buffer }) => void;
  reject: (e: Error) => void;
}

type Reply = { id: number; bytes: Uint8Array } | { id: number; error: string };

let worker: Worker | null = null;
/** Set once the thread failed: render in-process from then on. */
let unavailable = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function renderHere(p: Pending): void {
  renderDocx(p.model, p.options).then(p.resolve, p.reject);
}

function startWorker(): Worker {
  const w = new Worker(new URL('./docx-worker.ts', import.meta.url));
  w.unref();
  w.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve({ bytes: Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength) });
  });
  const fail = (): void => {
    if (worker !== w) return;
    worker = null;
    unavailable = true;
    const left = [...pending.values()];
    pending.clear();
    left.forEach(renderHere);
  };
  w.on('error', fail);
  w.on('exit', fail);
  return w;
}

/** renderDocx, on the DOCX thread. */
export function renderDocxOffThread(model: DocumentModel, options: DocxOptions = {}): Promise<{ bytes: Buffer }> {
  if (unavailable) return renderDocx(model, options);
  worker ??= startWorker();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { model, options, resolve, reject });
    w.ref();
    w.postMessage({ id, model, options });
  });
}
