/**
 * Whether a document store can serve: it takes a small file and finds it again. Content-addressed,
 * so the probe is one small object however often it runs, and after the first time a probe costs
 * a lookup (S3: one HEAD). Used by `doctor` and the API's `/readyz`. Failures are explained in
 * one line, naming what to fix for the usual S3 mistakes (a missing bucket, wrong credentials).
 */
import type { ContentStore } from './content-store.ts';

const PROBE = Buffer.from('legal-escalation store probe\n');

/** The S3 error names that mean "the bucket is not there" and "these credentials may not". */
const MISSING_BUCKET = new Set(['NoSuchBucket']);
const REFUSED_CREDENTIALS = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden']);

/** The first line of a store failure, with what to do for the common S3 ones. */
export function storeProblem(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  if (MISSING_BUCKET.has(name)) return `the bucket does not exist (${message}): create it, or correct DOCUMENT_STORE_URL`;
  // A refused HEAD has no body to name the error: its status says it.
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (REFUSED_CREDENTIALS.has(name) || status === 403) {
    return `access refused: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or the AWS credentials) and the bucket's policy`;
  }
  return message;
}

/** Resolves when the store took the probe and finds it; rejects with what went wrong. */
export async function probeContentStore(store: ContentStore): Promise<void> {
  const stored = await store.put(PROBE);
  if ((await store.stat(stored.key)) === null) throw new Error('the store took a file but does not find it');
}
