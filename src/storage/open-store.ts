/**
 * The document store the configuration names: the filesystem store (embedded default) or the
 * S3-compatible one. Every process that reads or writes documents (worker, API, seed) opens it
 * here, so they all agree on where a key lives. The AWS SDK is loaded only when S3 is configured:
 * processes on the filesystem store do not pay its start-up time.
 */
import type { DocumentStoreConfig } from '../config/config.ts';
import type { ContentStore } from './content-store.ts';
import { FsContentStore } from './fs-store.ts';

export async function openContentStore(config: DocumentStoreConfig): Promise<ContentStore> {
  if (config.kind === 'fs') return new FsContentStore(config.dir);
  const [{ S3Client }, { S3ContentStore }] = await Promise.all([import('@aws-sdk/client-s3'), import('./s3-store.ts')]);
  const client = new S3Client({
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    ...(config.region !== undefined ? { region: config.region } : {}),
    ...(config.credentials !== undefined ? { credentials: { ...config.credentials } } : {}),
    forcePathStyle: config.forcePathStyle,
    // Uploads carry the SDK's CRC checksums (the server refuses a corrupted part). Downloads are not
    // checked against them: the SDK computes CRC-32 in JavaScript, which halves the speed of a
    // packet, and the packet checks every file against the SHA-256 its key names anyway.
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3ContentStore({ client, bucket: config.bucket, prefix: config.prefix });
}

/** Where the store keeps documents, for logs and messages (no credentials). */
export function describeContentStore(config: DocumentStoreConfig): string {
  return config.kind === 'fs' ? config.dir : `s3://${config.bucket}/${config.prefix}${config.endpoint !== undefined ? ` at ${config.endpoint}` : ''}`;
}
