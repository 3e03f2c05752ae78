/**
 * The rules that keep cached reads true: a value read across a change is not kept, nothing is
 * kept or served while notifications are down, misses are not kept, and the least recently used
 * entry goes first when the cache is full.
 */
import { describe, expect, it } from 'vitest';
import { type FeedState, NotifiedCache } from '../../../src/db/notified-cache.ts';

/** A feed whose state the test sets, the way ChangeFeed's connection would. */
class Feed implements FeedState {
  live = true;
  readonly #resets: Array<() => void> = [];
  onReset(handler: () => void): void {
    this.#resets.push(handler);
  }
  set(live: boolean): void {
    this.live = live;
    for (const reset of this.#resets) reset();
  }
}

/** A loader that counts its calls and answers with the current value of `source`. */
function counter(source: { value: string | undefined }) {
  const load = async () => {
    load.calls++;
    return source.value;
  };
  load.calls = 0;
  return load;
}

describe('NotifiedCache', () => {
  it('serves a kept value without loading again, until it is deleted', async () => {
    const cache = new NotifiedCache<string>(new Feed(), 10);
    const source = { value: 'v1' as string | undefined };
    const load = counter(source);
    expect(await cache.get('k', load)).toBe('v1');
    source.value = 'v2';
    expect(await cache.get('k', load)).toBe('v1');
    expect(load.calls).toBe(1);
    cache.delete('k');
    expect(await cache.get('k', load)).toBe('v2');
    expect(load.calls).toBe(2);
  });

  it('does not keep a value whose load overlapped a change', async () => {
    const cache = new NotifiedCache<string>(new Feed(), 10);
    let release: (value: string) => void = () => {};
    const slow = cache.get('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.delete('k'); // the row changed while the read was in flight
    release('read before the change');
    expect(await slow).toBe('read before the change');
    expect(await cache.get('k', async () => 'after the change')).toBe('after the change');
  });

  it('neither serves nor keeps anything while the feed is down, and forgets everything when it drops', async () => {
    const feed = new Feed();
    const cache = new NotifiedCache<string>(feed, 10);
    const source = { value: 'v1' as string | undefined };
    const load = counter(source);
    await cache.get('k', load);
    feed.set(false);
    source.value = 'v2';
    expect(await cache.get('k', load)).toBe('v2');
    expect(await cache.get('k', load)).toBe('v2');
    expect(load.calls).toBe(3);
    feed.set(true);
    source.value = 'v3';
    expect(await cache.get('k', load)).toBe('v3');
  });

  it('keeps no misses', async () => {
    const cache = new NotifiedCache<string>(new Feed(), 10);
    const source = { value: undefined as string | undefined };
    const load = counter(source);
    expect(await cache.get('k', load)).toBeUndefined();
    source.value = 'created';
    expect(await cache.get('k', load)).toBe('created');
  });

  it('drops the least recently used entry when full', async () => {
    const cache = new NotifiedCache<string>(new Feed(), 2);
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('a', async () => 'a2'); // a is used again: b is now the oldest
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a3')).toBe('a1');
    expect(await cache.get('b', async () => 'b3')).toBe('b3');
  });
});
