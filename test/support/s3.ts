/**
 * A bucket of the suite's own on the run's S3-compatible server (started by global-setup), and the
 * environment that points the service's document store at it, as an operator would set it.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';

export type DocumentStoreKind = 'fs' | 's3';

/** Both document stores, for suites that run the same cases against each. */
export const DOCUMENT_STORES: readonly DocumentStoreKind[] = ['fs', 's3'];

/** Creates a fresh bucket; returns DOCUMENT_STORE_URL (with a prefix) and the S3_* variables. */
export async function s3StoreEnv(): Promise<Record<string, string>> {
  const bucket = `test-${randomUUID()}`;
  const env = {
    DOCUMENT_STORE_URL: `s3://${bucket}/documents/`,
    S3_ENDPOINT: inject('s3Endpoint'),
    S3_ACCESS_KEY_ID: inject('s3AccessKeyId'),
    S3_SECRET_ACCESS_KEY: inject('s3SecretAccessKey'),
  };
  const client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return env;
}

/** The environment of a document store of this kind: a new bucket for S3, nothing (a new folder) for fs. */
export async function storeEnv(kind: DocumentStoreKind): Promise<Record<string, string>> {
  return kind === 's3' ? s3StoreEnv() : {};
}
