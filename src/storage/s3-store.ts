/**
 * Content store on S3-compatible object storage: object `<prefix>sha256/ab/cd/<sha256>` in one
 * bucket, through the AWS SDK. The same content lands on the same key, and a stored object is
 * never overwritten: every write of a final key is conditional (`If-None-Match: *`), so of two
 * processes storing the same document at once exactly one writes it and the other is told it was
 * there (`created: false`).
 *
 * Content whose SHA-256 is known before it is sent (bytes, or a stream that ends within one part)
 * is uploaded straight to its key. A longer stream is hashed while it is uploaded in parts
 * (`@aws-sdk/lib-storage`, constant memory: part size × parallel parts) to `<prefix>tmp/<uuid>`,
 * then published server-side by a multipart copy to its key whose completion is the conditional
 * write, and the temporary object is deleted. A process killed in between leaves a temporary
 * object behind: give the bucket a lifecycle rule that expires `<prefix>tmp/` and incomplete
 * multipart uploads after a day. Reads are streamed from the response body.
 */
import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type ContentStore, keyForSha256, NotFoundError, type PutSource, sha256OfKey, type StoredObject } from './content-store.ts';
import { RECLAIM_EVERY_BYTES, reclaimingSpentBuffers } from './reclaim.ts';

export interface S3ContentStoreOptions {
  client: S3Client;
  bucket: string;
  /** '' or a prefix ending in '/' under which every object of the store lives. */
  prefix?: string;
  /** Size of the parts of a multipart upload (S3's minimum, 5 MiB, and up; default 8 MiB). */
  partSize?: number;
  /** Parts uploaded at once (default 4). */
  queueSize?: number;
}

/** S3 allows parts of at most 5 GiB in a copy; 1 GiB parts keep each request a few seconds long. */
const COPY_PART_SIZE = 1024 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

export class S3ContentStore implements ContentStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3ContentStoreOptions) {
    const prefix = options.prefix ?? '';
    if (prefix !== '' && !prefix.endsWith('/')) throw new Error(`S3 store prefix must be empty or end in '/': ${JSON.stringify(prefix)}`);
    const partSize = options.partSize ?? 8 * 1024 * 1024;
    if (partSize < MIN_PART_SIZE) throw new Error(`S3 part size must be at least 5 MiB, not ${partSize}`);
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = prefix;
    this.partSize = partSize;
    this.queueSize = options.queueSize ?? 4;
  }

  /** The object key of a store key (validated: nothing but store keys reaches the bucket). */
  objectKeyOf(key: string): string {
    sha256OfKey(key);
    return `${this.prefix}${key}`;
  }

  async put(source: PutSource): Promise<StoredObject> {
    // A private copy: a caller that reuses its buffer must not make the object differ from its key.
    if (source instanceof Uint8Array) return this.putKnown(Buffer.from(source));
    const iterator = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headSize = 0;
    while (headSize <= this.partSize) {
      const next = await iterator.next();
      if (next.done) return this.putKnown(Buffer.concat(head, headSize));
      const own = Buffer.from(next.value);
      head.push(own);
      headSize += own.length;
    }
    return this.putStreamed(head, iterator);
  }

  /** Content in memory: its key is known, one conditional upload (in parts when it is large). */
  private async putKnown(bytes: Buffer): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = keyForSha256(sha256);
    const found = { sha256, size: bytes.length, key, created: false };
    if ((await this.stat(key)) !== null) return found;
    try {
      await this.upload(this.objectKeyOf(key), bytes, true);
    } catch (error) {
      if (await this.lostRace(error, key)) return found;
      throw error;
    }
    return { ...found, created: true };
  }

  /** A long stream: hashed while uploaded to a temporary object, then published under its key. */
  private async putStreamed(head: Buffer[], rest: AsyncIterator<Uint8Array>): Promise<StoredObject> {
    const hash = createHash('sha256');
    let size = 0;
    async function* metered(): AsyncGenerator<Buffer> {
      for (const own of head) {
        hash.update(own);
        size += own.length;
        yield own;
      }
      for (let next = await rest.next(); !next.done; next = await rest.next()) {
        const own = Buffer.from(next.value);
        hash.update(own);
        size += own.length;
        yield own;
      }
    }
    const tmpKey = `${this.prefix}tmp/${randomUUID()}`;
    try {
      await this.upload(tmpKey, Readable.from(metered(), { objectMode: false }), false);
      const sha256 = hash.digest('hex');
      const key = keyForSha256(sha256);
      const found = { sha256, size, key, created: false };
      if ((await this.stat(key)) !== null) return found;
      try {
        await this.copyIfAbsent(tmpKey, this.objectKeyOf(key), size);
      } catch (error) {
        if (await this.lostRace(error, key)) return found;
        throw error;
      }
      return { ...found, created: true };
    } finally {
      await rest.return?.()?.catch(() => undefined);
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => undefined);
    }
  }

  private async upload(objectKey: string, body: Buffer | Readable, ifAbsent: boolean): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: body, ...(ifAbsent ? { IfNoneMatch: '*' } : {}) },
      partSize: this.partSize,
      queueSize: this.queueSize,
    }).done();
  }

  /** Server-side multipart copy whose completion writes `to` only if it does not exist yet. */
  private async copyIfAbsent(from: string, to: string, size: number): Promise<void> {
    const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }));
    const uploadId = created.UploadId!;
    try {
      const copySource = `${this.bucket}/${from}`.split('/').map(encodeURIComponent).join('/');
      const parts: { PartNumber: number; ETag: string }[] = [];
      for (let start = 0, partNumber = 1; start < size; start += COPY_PART_SIZE, partNumber++) {
        const end = Math.min(size, start + COPY_PART_SIZE) - 1;
        const part = await this.client.send(
          new UploadPartCopyCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, PartNumber: partNumber, CopySource: copySource, CopySourceRange: `bytes=${start}-${end}` }),
        );
        parts.push({ PartNumber: partNumber, ETag: part.CopyPartResult!.ETag! });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, MultipartUpload: { Parts: parts }, IfNoneMatch: '*' }),
      );
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Whether a failed conditional write failed because another writer stored the same content
   * first: 412 (the key exists), or 409 (a concurrent conditional write) once that one is there.
   */
  private async lostRace(error: unknown, key: string): Promise<boolean> {
    const status = statusOf(error);
    if (status === 412) return true;
    return status === 409 && (await this.stat(key)) !== null;
  }

  /**
   * The object's body as it arrives (the chunk size hint is not needed: see reclaim.ts). A body
   * larger than RECLAIM_EVERY_BYTES passes through reclaimingSpentBuffers, so that a 1 GB packet
   * streams in constant memory.
   */
  async get(key: string): Promise<Readable> {
    const objectKey = this.objectKeyOf(key);
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      if (statusOf(error) === 404) throw new NotFoundError(key);
      throw error;
    }
    const body = out.Body as Readable;
    if ((out.ContentLength ?? 0) <= RECLAIM_EVERY_BYTES) return body;
    const reclaiming = reclaimingSpentBuffers();
    pipeline(body, reclaiming, () => undefined); // an error of either reaches the reader through `reclaiming`
    return reclaiming;
  }

  async read(key: string, into?: Buffer): Promise<Buffer> {
    const body = await this.get(key);
    if (into === undefined) return buffer(body);
    let filled = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      filled += chunk.copy(into, filled);
      if (filled === into.length) break; // leaving the loop ends the response
    }
    return into.subarray(0, filled);
  }

  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<{ size: number } | null> {
    const objectKey = this.objectKeyOf(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return { size: out.ContentLength ?? 0 };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  /** Closes the client's connections. */
  async close(): Promise<void> {
    this.client.destroy();
  }
}
