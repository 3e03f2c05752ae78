import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint) holds money in fen: read it as a number, but refuse any value a double cannot hold exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} exceeds the exact range of a number`);
  return value;
});
// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them with the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (text) => text);

/**
 * How a process's pool of PostgreSQL sessions behaves when it is busy. Nothing waits forever: a
 * request that cannot get a session within `acquireTimeoutMs` fails with `DatabaseBusy` (the API
 * answers 503 with Retry-After), a statement is cancelled after `statementTimeoutMs`, and a
 * session left idle inside a transaction is ended by the server after `idleInTransactionTimeoutMs`
 * (its transaction rolled back, its connection given back).
 */
export interface PoolOptions {
  poolSize?: number;
  acquireTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** Shown in pg_stat_activity: which part of the service holds a session (api, worker, cli). */
  applicationName?: string;
}

export const POOL_DEFAULTS = {
  poolSize: 10,
  acquireTimeoutMs: 5_000,
  statementTimeoutMs: 60_000,
  idleInTransactionTimeoutMs: 60_000,
  applicationName: 'legal-escalation',
} as const satisfies Required<PoolOptions>;

/** A session could not be had in time: every one of the pool is in use. Worth retrying shortly. */
export class DatabaseBusy extends Error {
  override name = 'DatabaseBusy';
}

/** The message pg-pool rejects a checkout with once `connectionTimeoutMillis` passed in its queue (or connecting). */
const ACQUIRE_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/;

/**
 * Whether an error means the database was too busy to serve in time (no session in the pool, a
 * statement cancelled by statement_timeout, a transaction ended by idle_in_transaction_session_timeout).
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (error instanceof DatabaseBusy) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return ACQUIRE_TIMEOUT.test(error.message) || code === '57014' || code === '25P03';
}

export function createDatabase(url: string, options: number | PoolOptions = {}): Kysely<Database> {
  const o = { ...POOL_DEFAULTS, ...(typeof options === 'number' ? { poolSize: options } : options) };
  const pool = new pg.Pool({
    connectionString: url,
    max: o.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: o.acquireTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs,
    application_name: o.applicationName,
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
