/**
 * The API's rate limit per principal, shared by every API process: one token bucket per principal
 * in PostgreSQL (`take_rate_tokens`, migration 0013), so N processes behind a load balancer allow
 * the configured rate in all, not N times it.
 *
 * So that a request does not always cost a database round trip, a process takes a few tokens at
 * once (a lease: a tenth of the burst, at least one) and spends them from memory for up to a
 * second; leased tokens it does not spend in that time are lost, never returned. The limit is
 * thus never looser than configured: at most, while one process holds a lease, another sees that
 * many fewer tokens. Concurrent requests of one principal in one process wait for one lease
 * rather than each asking the database.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Lease {
  tokens: number;
  expiresAt: number;
}

/** How long a process may spend leased tokens. */
const LEASE_MS = 1_000;
/** Expired leases are forgotten this often. */
const SWEEP_MS = 60_000;

export class RateLimiter {
  readonly #db: Kysely<Database>;
  readonly #limit: RateLimit;
  /** Tokens taken from the shared bucket at once. */
  readonly #leaseSize: number;
  readonly #leases = new Map<string, Lease>();
  readonly #pending = new Map<string, Promise<RateDecision>>();
  #lastSweep = Date.now();

  constructor(db: Kysely<Database>, limit: RateLimit) {
    this.#db = db;
    this.#limit = limit;
    this.#leaseSize = Math.max(1, Math.floor(limit.burst / 10));
  }

  async take(key: string): Promise<RateDecision> {
    this.#sweep();
    for (;;) {
      if (this.#spend(key)) return { allowed: true };
      // One lease at a time per principal: later requests wait for it and spend from it.
      const pending = this.#pending.get(key);
      if (pending !== undefined) {
        const decision = await pending;
        if (!decision.allowed) return decision;
        continue;
      }
      const leasing = this.#lease(key).finally(() => this.#pending.delete(key));
      this.#pending.set(key, leasing);
      const decision = await leasing;
      if (!decision.allowed) return decision;
    }
  }

  #spend(key: string): boolean {
    const lease = this.#leases.get(key);
    if (lease === undefined || lease.tokens < 1 || lease.expiresAt <= Date.now()) return false;
    lease.tokens -= 1;
    return true;
  }

  async #lease(key: string): Promise<RateDecision> {
    const { rows } = await sql<{ granted: number; remaining: number }>`
      SELECT granted, remaining FROM take_rate_tokens(${key}, ${this.#limit.perSecond}, ${this.#limit.burst}, ${this.#leaseSize})
    `.execute(this.#db);
    const { granted, remaining } = rows[0]!;
    if (granted < 1) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - remaining) / this.#limit.perSecond)) };
    this.#leases.set(key, { tokens: granted, expiresAt: Date.now() + LEASE_MS });
    return { allowed: true };
  }

  #sweep(): void {
    const now = Date.now();
    if (now - this.#lastSweep < SWEEP_MS) return;
    this.#lastSweep = now;
    for (const [key, lease] of this.#leases) if (lease.expiresAt <= now) this.#leases.delete(key);
  }
}
