/**
 * A real worker in the test process against the run's Temporal dev server, with the real
 * activities on the suite's database: what the case tests (and others) drive workflows with.
 * One workflow bundle per test file; one task queue per worker, so suites never share work.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { createActivities } from '../../src/case/activities/index.ts';
import type { CaseCommandDeps } from '../../src/case/client.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { Database } from '../../src/db/schema.ts';
import { type ContentStore, openContentStore } from '../../src/storage/index.ts';
import { dataConverter } from '../../src/temporal/connection.ts';
import { bundleWorkflows, createWorker } from '../../src/temporal/worker.ts';
import { TEST_PAYLOAD_KEY } from './temporal-key.ts';

export { TEST_PAYLOAD_KEY };

/** By default one day of a case passes in 200 ms of test time. */
export const TEST_DAY_MS = 200;

export function timerScaleFor(dayMs: number): string {
  return String(dayMs / 86_400_000);
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Temporal's core logs warnings and errors only (once per process). */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by another helper in this process.
  }
}

/** The configuration a test worker runs with: short timers, its own task queue and document folder (or the store `env` names). */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    TIMER_SCALE: timerScaleFor(TEST_DAY_MS),
    ...(env.DOCUMENT_STORE_URL === undefined ? { DOCUMENT_STORE_DIR: mkdtempSync(join(tmpdir(), 'documents-')) } : {}),
    LOG_LEVEL: 'warn',
    // Test firms listen on loopback.
    FIRM_WEBHOOK_ALLOW_PRIVATE: 'true',
    ...env,
  });
}

export async function connectTestClient(): Promise<Client> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return new Client({ connection, dataConverter: dataConverter(TEST_PAYLOAD_KEY) });
}

export interface TestWorker {
  config: Config;
  client: Client;
  store: ContentStore;
  worker: Worker;
  /** What case commands need (config, database, Temporal client). */
  deps: CaseCommandDeps;
  stop: () => Promise<void>;
}

/**
 * Starts a worker (polling until `stop`) and a client. `config` lets a second worker join the
 * same task queue and document store as a first one (e.g. after that one was killed).
 */
export async function startTestWorker(options: { db: Kysely<Database>; env?: Record<string, string>; config?: Config }): Promise<TestWorker> {
  quietRuntime();
  const config = options.config ?? testConfig(options.env);
  const store = await openContentStore(config.documents.store);
  bundle ??= bundleWorkflows();
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ config, db: options.db, store }),
    dataConverter: dataConverter(TEST_PAYLOAD_KEY),
    bundle: await bundle,
  });
  const running = worker.run();
  const client = await connectTestClient();
  return {
    config,
    client,
    store,
    worker,
    deps: { config, db: options.db, temporal: client },
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
      await store.close?.();
    },
  };
}
