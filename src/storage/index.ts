export { type ContentStore, type GetOptions, InvalidKeyError, keyForSha256, NotFoundError, type PutSource, sha256OfKey, type StoredObject } from './content-store.ts';
export { FsContentStore, type FsContentStoreOptions } from './fs-store.ts';
export { describeContentStore, openContentStore } from './open-store.ts';
export { S3ContentStore, type S3ContentStoreOptions } from './s3-store.ts';
