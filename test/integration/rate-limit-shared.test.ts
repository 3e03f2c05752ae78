/**
 * The rate limit per principal is one bucket in PostgreSQL, whichever API process a request
 * reaches: two limiters on two pools of one database (as two API processes have) share it; a
 * bucket refills at its rate, says when to retry, and a principal's bucket is its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limit.ts';
import { createDatabase } from '../../src/db/pool.ts';
import type { Database } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('the rate limit shared by API processes', () => {
  let database: TestDatabase;
  let other: Kysely<Database>;

  beforeAll(async () => {
    database = await createTestDatabase();
    other = createDatabase(database.url, 2);
  });
  afterAll(async () => {
    await other?.destroy();
    await database?.db.destroy();
  });

  it('allows the burst once across two processes, then one request per 1/rate seconds, and says when to retry', async () => {
    const limit = { perSecond: 2, burst: 3 };
    const a = new RateLimiter(database.db, limit);
    const b = new RateLimiter(other, limit);
    expect([await a.take('p'), await b.take('p'), await a.take('p')].map((d) => d.allowed)).toEqual([true, true, true]);
    expect(await b.take('p')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await a.take('p')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await b.take('q')).allowed).toBe(true); // another principal has its own bucket
    await sleep(600); // 2/s refills one token
    expect((await b.take('p')).allowed).toBe(true);
    expect((await a.take('p')).allowed).toBe(false);
  });

  it('asks a slow bucket to wait several seconds, in every process', async () => {
    const limit = { perSecond: 0.2, burst: 1 };
    const a = new RateLimiter(database.db, limit);
    const b = new RateLimiter(other, limit);
    expect((await a.take('slow')).allowed).toBe(true);
    expect(await b.take('slow')).toEqual({ allowed: false, retryAfterSeconds: 5 });
  });

  it('never allows more than the burst in all, however requests are spread and however many at once', async () => {
    const limit = { perSecond: 1, burst: 100 };
    const a = new RateLimiter(database.db, limit);
    const b = new RateLimiter(other, limit);
    const decisions = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a : b).take('crowd')));
    const allowed = decisions.filter((d) => d.allowed).length;
    // The bucket's 100 (plus what a second or two of refill adds), less at most one unspent lease per process.
    expect(allowed).toBeLessThanOrEqual(103);
    expect(allowed).toBeGreaterThanOrEqual(80);
    expect(decisions.filter((d) => !d.allowed).every((d) => !d.allowed && d.retryAfterSeconds >= 1)).toBe(true);
  });
});
