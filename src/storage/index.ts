/** The document store: one interface (content-addressed by SHA-256), a folder or S3-compatible object storage behind it. */
export { type ContentStore, InvalidKeyError, keyForSha256, NotFoundError, type PutSource, type StoredObject } from './content-store.ts';
export { FsContentStore } from './fs-store.ts';
export { describeContentStore, openContentStore } from './open-store.ts';
// The S3 store is imported from './s3-store.ts' where needed (openContentStore loads it on demand).
export { probeContentStore, storeProblem } from './probe.ts';
