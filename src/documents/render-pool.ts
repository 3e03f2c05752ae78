/**
 * Documents are rendered on worker threads, not on the thread that runs the activities: rendering
 * a PDF or a DOCX is pure CPU (hundreds of milliseconds for a long document), and the activity
 * worker's event loop also carries every workflow activation between Temporal's core and the
 * workflow thread. Rendered there, a batch of demand letters starved the workflow tasks past their
 * timeout (the server then retries them: work done twice, and slower). A small pool keeps that loop
 * free; documents wait their turn in the pool's queue, in order.
 *
 * One pool per process and thread count: every worker in a process (tests run several) shares the
 * threads, which exit after a minute idle and never keep the process alive.
 */
import { Piscina } from 'piscina';
import type { DocumentType } from '../domain/documents.ts';
import type { ExhibitKind } from '../domain/evidence.ts';
import type { ExhibitSource, RenderedExhibit } from './exhibits/index.ts';
import type { GenerateOptions, RenderedDocument } from './generate.ts';
import type { CaseDocuments } from './input.ts';
import type { PdfOptions } from './pdf.ts';
import type { RenderTask } from './render-thread.ts';

export interface DocumentRenderer {
  /** One document of a case, as PDF and DOCX (what `generate` makes, without its model). */
  render(type: DocumentType, input: CaseDocuments, options: GenerateOptions): Promise<RenderedDocument>;
  /** One exhibit sheet, as PDF. */
  renderExhibit(exhibit: ExhibitKind, source: ExhibitSource, pdf: PdfOptions): Promise<RenderedExhibit>;
}

const pools = new Map<number, DocumentRenderer>();

/** The process's renderer with `threads` worker threads. */
export function documentRenderer(threads: number): DocumentRenderer {
  let renderer = pools.get(threads);
  if (renderer === undefined) {
    const pool = new Piscina<RenderTask, RenderedDocument | RenderedExhibit>({
      filename: new URL('./render-thread.ts', import.meta.url).href,
      minThreads: 0,
      maxThreads: threads,
      // One document per thread at a time: a thread is a core's worth of rendering.
      concurrentTasksPerWorker: 1,
      // Rendering is background work: on a machine it shares (the embedded `start`, a worker beside
      // an API), the threads yield the CPU to requests, the database and Temporal (Linux: per thread).
      niceIncrement: 10,
      idleTimeout: 60_000,
    });
    renderer = {
      render: async (type, input, options) => (await pool.run({ kind: 'document', type, input, options })) as RenderedDocument,
      renderExhibit: async (exhibit, source, pdf) => (await pool.run({ kind: 'exhibit', exhibit, source, pdf })) as RenderedExhibit,
    };
    pools.set(threads, renderer);
  }
  return renderer;
}
