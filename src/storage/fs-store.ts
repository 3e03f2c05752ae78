/**
 * Filesystem content store: `<root>/sha256/ab/cd/<sha256>`, written through `<root>/tmp/`: the
 * content is streamed to a temporary file while being hashed, fsynced, then hard-linked to its
 * final name (link fails if the name exists: never overwrites) and the temporary file removed.
 * Stored files are made read-only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { close as closeFd, createWriteStream, open as openFd, read as readFd, readFile } from 'node:fs';
import { chmod, link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ContentStore, type GetOptions, keyForSha256, NotFoundError, type PutSource, sha256OfKey, type StoredObject } from './content-store.ts';

export interface FsContentStoreOptions {
  /** Default chunk size of read streams (default 16 KiB; see GetOptions.chunkSize). */
  readChunkSize?: number;
}

export class FsContentStore implements ContentStore {
  readonly root: string;
  private readonly readChunkSize: number;
  private ready: Promise<void> | null = null;

  constructor(root: string, options: FsContentStoreOptions = {}) {
    this.root = root;
    this.readChunkSize = options.readChunkSize ?? 16 * 1024;
  }

  private init(): Promise<void> {
    this.ready ??= mkdir(join(this.root, 'tmp'), { recursive: true }).then(() => undefined);
    return this.ready;
  }

  /** Absolute path of a key (validated: no traversal possible). */
  pathOf(key: string): string {
    sha256OfKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(source: PutSource): Promise<StoredObject> {
    await this.init();
    const tmp = join(this.root, 'tmp', `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    // Hash and write a private copy of every chunk: a caller that reuses its buffer after yielding
    // it must not make the file differ from the hash it is stored under.
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        const own = Buffer.from(chunk);
        hash.update(own);
        size += own.length;
        cb(null, own);
      },
    });
    const input: Readable | AsyncIterable<Uint8Array> = source instanceof Uint8Array ? Readable.from([source]) : source;
    try {
      await pipeline(input, meter, createWriteStream(tmp, { flags: 'wx' }));
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sha256 = hash.digest('hex');
      const key = keyForSha256(sha256);
      const final = this.pathOf(key);
      await mkdir(dirname(final), { recursive: true });
      let created = true;
      try {
        await link(tmp, final);
        await chmod(final, 0o444);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        created = false;
      }
      return { sha256, size, key, created };
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async get(key: string, options: GetOptions = {}): Promise<Readable> {
    const path = this.pathOf(key);
    const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new NotFoundError(key) : e;
    });
    return fh.createReadStream({ autoClose: true, highWaterMark: options.chunkSize ?? this.readChunkSize });
  }

  /**
   * One readFile: a third of the cost of a stream for a small file. The callback readFile, not
   * fs/promises': that one goes through a FileHandle and costs about twice the CPU per file
   * (nodejs/node#52046), which shows when a court's archive reads thousands of packet files.
   * Into a given buffer: open, read, close, and nothing allocated.
   */
  read(key: string, into?: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const failed = (e: NodeJS.ErrnoException): void => reject(e.code === 'ENOENT' ? new NotFoundError(key) : e);
      const path = this.pathOf(key);
      if (into === undefined) {
        readFile(path, (e, bytes) => (e === null ? resolve(bytes) : failed(e)));
        return;
      }
      openFd(path, 'r', (e, fd) => {
        if (e !== null) return failed(e);
        const readFrom = (at: number): void => {
          readFd(fd, into, at, into.length - at, at, (e2, n) => {
            if (e2 === null && n > 0 && at + n < into.length) return readFrom(at + n);
            closeFd(fd, () => (e2 === null ? resolve(into.subarray(0, at + n)) : failed(e2)));
          });
        };
        readFrom(0);
      });
    });
  }

  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.pathOf(key));
      return { size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}
