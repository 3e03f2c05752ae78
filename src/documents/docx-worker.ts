/**
 * The DOCX thread's entry (started by ./docx-thread.ts): renders each model it is sent with
 * renderDocx and answers with the bytes, or with the error's message.
 */
import { parentPort } from 'node:worker_threads';
import { renderDocx, type DocxOptions } from './docx.ts';
import type { DocumentModel } from './model.ts';

interface Request {
  id: number;
  model: DocumentModel;
  options: DocxOptions;
}

parentPort!.on('message', (request: Request) => {
  renderDocx(request.model, request.options).then(
    ({ bytes }) => parentPort!.postMessage({ id: request.id, bytes }),
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
