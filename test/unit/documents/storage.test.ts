import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidKeyError, keyForSha256, NotFoundError, sha256OfKey } from '../../../src/storage/content-store.ts';
import { FsContentStore } from '../../../src/storage/fs-store.ts';
import { tempDir } from './helpers.ts';

const tmp = tempDir('store-test-');
afterAll(() => tmp.cleanup());
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describe('filesystem content store', () => {
  const store = new FsContentStore(tmp.dir);

  it('stores bytes under their sha256, sharded by prefix, and reads them back', async () => {
    const put = await store.put(Buffer.from('借款合同'));
    expect(put).toEqual({ sha256: sha('借款合同'), size: Buffer.byteLength('借款合同'), key: keyForSha256(sha('借款合同')), created: true });
    expect(put.key).toBe(`sha256/${put.sha256.slice(0, 2)}/${put.sha256.slice(2, 4)}/${put.sha256}`);
    expect(await text(await store.get(put.key))).toBe('借款合同');
    expect(await store.has(put.key)).toBe(true);
    expect(await store.stat(put.key)).toEqual({ size: put.size });
    expect(statSync(store.pathOf(put.key)).mode & 0o222).toBe(0);
  });

  it('streams and async iterables in, and never overwrites', async () => {
    const chunks = ['a'.repeat(100_000), 'b'.repeat(100_000)];
    const a = await store.put(Readable.from(chunks.map((c) => Buffer.from(c))));
    expect(a.sha256).toBe(sha(chunks.join('')));
    expect(a.created).toBe(true);
    const again = await store.put((async function* () {
      for (const c of chunks) yield Buffer.from(c);
    })());
    expect(again).toEqual({ ...a, created: false });
    expect(readFileSync(store.pathOf(a.key), 'utf8')).toBe(chunks.join(''));
  });

  it('leaves no temporary files behind, also when the source fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('source broke');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(`${tmp.dir}/tmp`)).toEqual([]);
  });

  it('rejects unknown and malformed keys', async () => {
    await expect(store.get(keyForSha256(sha('absent')))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.has(keyForSha256(sha('absent')))).toBe(false);
    expect(await store.stat(keyForSha256(sha('absent')))).toBeNull();
    for (const bad of ['../etc/passwd', 'sha256/aa/bb/../../x', `sha256/00/00/${sha('x')}`, sha('x'), '']) {
      expect(() => sha256OfKey(bad)).toThrow(InvalidKeyError);
      await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidKeyError);
    }
  });
});
