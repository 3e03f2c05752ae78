import { Hono } from 'hono';
import { sql } from 'kysely';
import { probeContentStore } from '../storage/index.ts';
import type { ApiDeps } from './deps.ts';

const READINESS_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS).unref()),
  ]);
}

async function probe(work: () => Promise<unknown>): Promise<'ok' | 'unreachable'> {
  try {
    await withTimeout(work());
    return 'ok';
  } catch {
    return 'unreachable';
  }
}

/**
 * Liveness says the process answers; readiness says it can do work: database, Temporal and the
 * document store (a folder, or the S3 bucket) reachable, and the audit rows of reads being written. Change notifications are reported but do
 * not decide: without them the caches are bypassed and reads go to the database.
 */
export function healthRoutes(deps: Pick<ApiDeps, 'db' | 'temporal' | 'store' | 'changes' | 'readAudit'>): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const [database, temporal, store] = await Promise.all([
        probe(() => sql`SELECT 1`.execute(deps.db)),
        probe(() => deps.temporal.workflowService.getSystemInfo({})),
        probe(() => probeContentStore(deps.store)),
      ]);
      const audit = deps.readAudit.behind() ? 'behind' : 'ok';
      const changeNotifications = deps.changes.live ? 'listening' : 'reconnecting';
      const ready = database === 'ok' && temporal === 'ok' && store === 'ok' && audit === 'ok';
      return c.json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal, store, audit, changeNotifications } }, ready ? 200 : 503);
    });
}
