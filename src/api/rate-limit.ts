/**
 * Token buckets per principal, in this process's memory: each API process enforces the limit on
 * its own, so N processes behind a load balancer allow up to N times the rate. That is enough to
 * stop a runaway client or a leaked token from flooding one process; a shared limit would need a
 * shared store.
 */
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets untouched this long are full again and can be forgotten. */
const IDLE_SWEEP_MS = 60_000;

export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  #lastSweep: number;

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
    this.#lastSweep = now();
  }

  take(key: string): RateDecision {
    const now = this.#now();
    this.#sweep(now);
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit.burst, updatedAt: now };
    bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.#limit.perSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#limit.perSecond)) };
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < IDLE_SWEEP_MS) return;
    this.#lastSweep = now;
    const fullAfterMs = (this.#limit.burst / this.#limit.perSecond) * 1000;
    for (const [key, bucket] of this.#buckets) if (now - bucket.updatedAt > fullAfterMs) this.#buckets.delete(key);
  }
}
