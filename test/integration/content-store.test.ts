/**
 * The document store's contract, run unchanged against both backends the configuration can name:
 * the filesystem store (embedded default) and the S3 store on the run's real S3-compatible server
 * (Versity's gateway). Content lands under its SHA-256, reads stream, a missing key is a
 * NotFoundError, storing the same content again (or at the same time) writes nothing and keeps one
 * copy, a large object goes up in parts, and a failed upload leaves nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type ContentStore, FsContentStore, InvalidKeyError, keyForSha256, NotFoundError, openContentStore } from '../../src/storage/index.ts';
import { S3ContentStore } from '../../src/storage/s3-store.ts';
import { DOCUMENT_STORES, storeEnv } from '../support/s3.ts';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const MiB = 1024 * 1024;

/** What a store left besides its content: temporary files or objects, unfinished multipart uploads. */
async function leftovers(store: ContentStore): Promise<string[]> {
  if (store instanceof FsContentStore) return readdirSync(join(store.root, 'tmp'));
  if (store instanceof S3ContentStore) {
    const objects = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: `${store.prefix}tmp/` }));
    const uploads = await store.client.send(new ListMultipartUploadsCommand({ Bucket: store.bucket }));
    return [...(objects.Contents ?? []).map((o) => o.Key!), ...(uploads.Uploads ?? []).map((u) => `upload of ${u.Key}`)];
  }
  throw new Error('unknown store');
}

/** Every stored object of the store, by key (to show that content is kept once). */
async function storedKeys(store: ContentStore): Promise<string[]> {
  if (store instanceof FsContentStore) {
    return readdirSync(join(store.root, 'sha256'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `sha256/${e.name.slice(0, 2)}/${e.name.slice(2, 4)}/${e.name}`)
      .sort();
  }
  if (store instanceof S3ContentStore) {
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: `${store.prefix}sha256/` }));
    return (listed.Contents ?? []).map((o) => o.Key!.slice(store.prefix.length)).sort();
  }
  throw new Error('unknown store');
}

describe.each(DOCUMENT_STORES)('document store contract: %s', (kind) => {
  let store: ContentStore;
  const folder = mkdtempSync(join(tmpdir(), 'store-contract-'));

  beforeAll(async () => {
    const env = await storeEnv(kind);
    const config = loadConfig(kind === 'fs' ? { DOCUMENT_STORE_DIR: folder } : env);
    expect(config.documents.store.kind).toBe(kind);
    store = await openContentStore(config.documents.store);
  });
  afterAll(async () => {
    await store?.close?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores bytes under their SHA-256 and streams them back, or reads them back whole', async () => {
    const bytes = Buffer.from('借款合同 第一条');
    const put = await store.put(bytes);
    expect(put).toEqual({ sha256: sha(bytes), size: bytes.length, key: keyForSha256(sha(bytes)), created: true });
    expect(put.key).toBe(`sha256/${put.sha256.slice(0, 2)}/${put.sha256.slice(2, 4)}/${put.sha256}`);
    const read = await store.get(put.key);
    expect(read).toBeInstanceOf(Readable);
    expect(await buffer(read)).toEqual(bytes);
    expect(await store.read(put.key)).toEqual(bytes);
    expect(await store.stat(put.key)).toEqual({ size: bytes.length });
    expect(await store.has(put.key)).toBe(true);
  });

  it('reads content into a buffer it is given, as many bytes as the buffer holds', async () => {
    const bytes = randomBytes(200 * 1024 + 7);
    const put = await store.put(bytes);
    const room = Buffer.alloc(256 * 1024, 0xee);
    const read = await store.read(put.key, room);
    expect(read).toEqual(bytes);
    expect(read.buffer).toBe(room.buffer); // nothing allocated for the content: it is in the given buffer
    const short = await store.read(put.key, Buffer.alloc(1000));
    expect(short).toEqual(bytes.subarray(0, 1000));
    expect(await store.read(put.key, Buffer.alloc(0))).toEqual(Buffer.alloc(0));
    await expect(store.read(keyForSha256(sha('never stored either')), Buffer.alloc(10))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stores empty content', async () => {
    const put = await store.put(new Uint8Array(0));
    expect(put).toMatchObject({ sha256: sha(''), size: 0 });
    expect((await buffer(await store.get(put.key))).length).toBe(0);
    expect(await store.stat(put.key)).toEqual({ size: 0 });
  });

  it('puts the same content once: a second put, as bytes or as a stream, writes nothing', async () => {
    const bytes = randomBytes(64 * 1024);
    const first = await store.put(bytes);
    expect(first.created).toBe(true);
    expect(await store.put(bytes)).toEqual({ ...first, created: false });
    expect(await store.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]))).toEqual({ ...first, created: false });
    expect((await storedKeys(store)).filter((k) => k === first.key)).toEqual([first.key]);
  });

  it('keeps one copy when the same content is put at the same time', async () => {
    const bytes = randomBytes(256 * 1024);
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(bytes)));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await buffer(await store.get(results[0]!.key))).toEqual(bytes);
  });

  it('keeps one copy of a large object put at the same time, in memory or streamed', { timeout: 120_000 }, async () => {
    const bytes = randomBytes(12 * MiB); // more than one part
    const streamed = () => Readable.from(Array.from({ length: 12 }, (_, i) => bytes.subarray(i * MiB, (i + 1) * MiB)));
    const results = await Promise.all([store.put(bytes), store.put(bytes), store.put(streamed()), store.put(streamed())]);
    expect(new Set(results.map((r) => r.key))).toEqual(new Set([keyForSha256(sha(bytes))]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(sha(await buffer(await store.get(results[0]!.key)))).toBe(sha(bytes));
    expect(await leftovers(store)).toEqual([]);
  });

  it('takes streams and async iterables, and stores what was yielded even if the caller reuses its buffer', async () => {
    const reused = Buffer.alloc(100_000);
    const yielded: Buffer[] = [];
    const put = await store.put(
      (async function* () {
        for (let i = 0; i < 5; i++) {
          reused.fill(65 + i);
          yielded.push(Buffer.from(reused));
          yield reused;
        }
      })(),
    );
    const expected = Buffer.concat(yielded);
    expect(put).toMatchObject({ sha256: sha(expected), size: expected.length, created: true });
    expect(await buffer(await store.get(put.key))).toEqual(expected);
  });

  it('stores a large object streamed in parts and streams it back in chunks', { timeout: 120_000 }, async () => {
    const size = 20 * MiB + 12_345; // more than two 8 MiB parts
    const hash = createHash('sha256');
    async function* noise() {
      for (let sent = 0; sent < size; ) {
        const chunk = randomBytes(Math.min(MiB, size - sent));
        hash.update(chunk);
        sent += chunk.length;
        yield chunk;
      }
    }
    const put = await store.put(noise());
    const expected = hash.digest('hex');
    expect(put).toMatchObject({ sha256: expected, size, key: keyForSha256(expected), created: true });
    expect(await store.stat(put.key)).toEqual({ size });

    const back = createHash('sha256');
    let chunks = 0;
    let read = 0;
    for await (const chunk of await store.get(put.key)) {
      back.update(chunk as Buffer);
      read += (chunk as Buffer).length;
      chunks++;
    }
    expect({ read, sha256: back.digest('hex') }).toEqual({ read: size, sha256: expected });
    expect(chunks).toBeGreaterThan(10);
    expect(await leftovers(store)).toEqual([]);

    const again = await store.put(await store.get(put.key));
    expect(again).toEqual({ ...put, created: false });
    expect(await leftovers(store)).toEqual([]);
  });

  it('leaves nothing behind when the source fails, small or past the first part', { timeout: 60_000 }, async () => {
    for (const failAfter of [3, 12 * MiB]) {
      let sent = 0;
      const failing = new Readable({
        read() {
          if (sent >= failAfter) {
            this.destroy(new Error('source broke'));
            return;
          }
          const chunk = randomBytes(Math.min(MiB, failAfter - sent));
          sent += chunk.length;
          this.push(chunk);
        },
      });
      await expect(store.put(failing)).rejects.toThrow('source broke');
    }
    expect(await leftovers(store)).toEqual([]);
  });

  it('rejects a missing key with NotFoundError; stat and has say absent', async () => {
    const absent = keyForSha256(sha('never stored'));
    await expect(store.get(absent)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.read(absent)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.stat(absent)).toBeNull();
    expect(await store.has(absent)).toBe(false);
  });

  it('refuses anything that is not a store key', async () => {
    for (const bad of ['../etc/passwd', 'sha256/aa/bb/../../x', `sha256/00/00/${sha('x')}`, sha('x'), '', `tmp/${sha('x')}`]) {
      await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.read(bad)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.stat(bad)).rejects.toBeInstanceOf(InvalidKeyError);
    }
  });
});
