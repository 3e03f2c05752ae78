import type { ChangeFeed } from './change-feed.ts';

/**
 * A bounded in-memory cache of values read from PostgreSQL, kept true by the change feed: the
 * owner deletes entries when a notification says their rows changed. While the feed is not live
 * the cache is bypassed, since a change could go unheard.
 *
 * A load that overlaps a change must not store what it read before the change: every
 * invalidation advances a generation, and a load stores its value only if the generation it
 * started in is still current. The price is a few extra database reads while changes stream in.
 * Misses (`undefined`) are never stored, so unknown keys cannot fill memory.
 */
/** What the cache needs of the feed: whether it is live, and word when it drops or comes back. */
export type FeedState = Pick<ChangeFeed, 'live' | 'onReset'>;

export class NotifiedCache<V> {
  readonly #feed: FeedState;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, V>();
  #generation = 0;

  constructor(feed: FeedState, maxEntries: number) {
    this.#feed = feed;
    this.#maxEntries = maxEntries;
    feed.onReset(() => this.clear());
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.#feed.live) return load();
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Map order is insertion order: moving a hit to the end makes the first entry the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const generation = this.#generation;
    const value = await load();
    if (value !== undefined && generation === this.#generation && this.#feed.live) {
      this.#entries.set(key, value);
      if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return value;
  }

  delete(key: string): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
