/**
 * Content-addressed storage of generated documents and evidence files. A file's key is derived
 * from its SHA-256, so a stored file is never overwritten (the same bytes always land on the same
 * key) and a reader can verify what it got. The filesystem store (`fs-store.ts`) is the default;
 * the S3-compatible store (`s3-store.ts`) implements the same interface; `openContentStore` picks
 * the one the configuration names.
 */
import type { Readable } from 'node:stream';

export interface StoredObject {
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  size: number;
  /** Where the content lives in this store: `sha256/ab/cd/<sha256>`. */
  key: string;
  /** False when the content was already present (nothing written). */
  created: boolean;
}

export interface GetOptions {
  /** Preferred chunk size of the stream (a hint; stores may ignore it). */
  chunkSize?: number;
}

export type PutSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface ContentStore {
  /** Stores content (streamed; constant memory) and returns its address; never overwrites. */
  put(source: PutSource): Promise<StoredObject>;
  /** A stream of the content; rejects with NotFoundError when absent. */
  get(key: string, options?: GetOptions): Promise<Readable>;
  /**
   * The whole content in one buffer, for small objects (a document, a packet's file of up to a
   * megabyte); rejects with NotFoundError when absent. Given `into`, the content is read into it
   * and the part filled is returned (at most `into.length` bytes: a caller that reuses buffers
   * knows the size it expects and checks the hash).
   */
  read(key: string, into?: Buffer): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  /** Size of the content, or null when absent. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Releases connections (stores that hold some). */
  close?(): Promise<void>;
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly key: string;
  constructor(key: string) {
    super(`no stored content under ${key}`);
    this.key = key;
  }
}

export class InvalidKeyError extends Error {
  override name = 'InvalidKeyError';
}

const KEY_RE = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const HEX_RE = /^[0-9a-f]{64}$/;

/** The key of content with this SHA-256 (same in every store implementation). */
export function keyForSha256(sha256: string): string {
  if (!HEX_RE.test(sha256)) throw new InvalidKeyError(`not a lower-case hex sha256: ${JSON.stringify(sha256)}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The SHA-256 a key addresses; throws InvalidKeyError for anything that is not a store key. */
export function sha256OfKey(key: string): string {
  const m = KEY_RE.exec(key);
  if (!m || m[1] !== m[3]!.slice(0, 2) || m[2] !== m[3]!.slice(2, 4)) throw new InvalidKeyError(`not a content store key: ${JSON.stringify(key)}`);
  return m[3]!;
}
