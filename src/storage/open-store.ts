/**
 * The document store the configuration names: the filesystem store (embedded default) or the
 * S3-compatible one. Every process that reads or writes documents (worker, API, seed) opens it
 * here, so they all agree on where a key lives.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { DocumentStoreConfig } from '../config/config.ts';
import type { ContentStore } from './content-store.ts';
import { FsContentStore } from './fs-store.ts';
import { S3ContentStore } from './s3-store.ts';

export function openContentStore(config: DocumentStoreConfig): ContentStore {
  if (config.kind === 'fs') return new FsContentStore(config.dir);
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
