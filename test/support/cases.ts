/** Watching cases from tests: through the read model, as the API does, and recording their histories. */
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Actor } from '../../src/case/contract.ts';
import type { Case, Database } from '../../src/db/schema.ts';
import { writeHistoryFixture } from './histories.ts';

export const legal: Actor = { principalId: null, role: 'legal', name: '法务甲' };
export const lawyer: Actor = { principalId: null, role: 'lawyer', name: '律师乙' };
export const collections: Actor = { principalId: null, role: 'system', name: 'collections' };

export async function caseRow(db: Kysely<Database>, caseId: string): Promise<Case> {
  return db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

/** Polls the read model until the case satisfies `predicate` (default: has `status`). */
export async function waitForCase(
  db: Kysely<Database>,
  caseId: string,
  expected: Case['status'] | ((row: Case) => boolean),
  timeoutMs = 30_000,
): Promise<Case> {
  const predicate = typeof expected === 'string' ? (row: Case) => row.status === expected : expected;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (row && predicate(row)) return row;
    if (Date.now() > deadline) {
      throw new Error(`case ${caseId}: expected ${typeof expected === 'string' ? expected : 'condition'} within ${timeoutMs} ms; now ${row?.status} blockers=${JSON.stringify(row?.blockers)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function eventTypes(db: Kysely<Database>, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_events').select('type').where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((r) => r.type);
}

/** Polls the timeline until it holds `count` events of `type`. */
export async function waitForEvent(db: Kysely<Database>, caseId: string, type: string, count = 1, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await eventTypes(db, caseId)).filter((t) => t === type).length < count) {
    if (Date.now() > deadline) throw new Error(`case ${caseId}: no ${type} event within ${timeoutMs} ms; events: ${(await eventTypes(db, caseId)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Saves the workflow's history (its latest run, or run `runId`) as a replay fixture when RECORD_HISTORIES=1 (payloads stay encrypted
 * with the fixed test key), named `RECORD_HISTORIES_PREFIX` + name. Run the case tests that way
 * after a deliberate change of the workflow, keeping the old fixtures that still must replay.
 */
export async function recordHistory(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const prefix = process.env.RECORD_HISTORIES_PREFIX ?? '';
  const path = fileURLToPath(new URL(`../fixtures/histories/${prefix}${name}.json`, import.meta.url));
  writeHistoryFixture(path, workflowId, history);
}
