/**
 * The worker part of a serving process (`start`, `worker`): the Temporal runtime, the worker's
 * connections, the case and batch activities, and (without an API beside it) the worker's own
 * metrics port. `commands.ts` imports this module only when the process runs a worker, so an API
 * process never loads the Temporal worker, the workflow bundler or the document renderers.
 */
import type { DataConverter } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { createActivities } from '../case/activities/index.ts';
import { createBatchActivities } from '../batch/activities.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { serveWorkerMetrics } from '../metrics/endpoint.ts';
import type { ContentStore } from '../storage/index.ts';
import { connectClient, type TemporalTarget } from '../temporal/connection.ts';
import { connectWorker, createWorker, installTemporalRuntime } from '../temporal/worker.ts';

export interface RunningWorker {
  /** Settles when the worker has stopped (asked to, or by itself). */
  run: Promise<void>;
  /** Stops the worker (letting it finish what it holds) and closes what it opened. */
  stop: () => Promise<void>;
}

/** Starts the worker on `db` (its own pool) and `store`; `besideApi`: an API in this process serves its metrics. */
export async function startWorker(
  config: Config,
  logger: Logger,
  deps: { temporal: TemporalTarget; converter: DataConverter; db: Kysely<Database>; store: ContentStore; besideApi: boolean },
): Promise<RunningWorker> {
  installTemporalRuntime(logger, config.metrics.temporalAddress);
  const connection = await connectWorker(deps.temporal);
  // Batch activities start case workflows through the case client.
  const batchClient = await connectClient(deps.temporal, deps.converter);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: { ...createActivities({ config, db: deps.db, store: deps.store }), ...createBatchActivities({ config, db: deps.db, temporal: batchClient }) },
    dataConverter: deps.converter,
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
  });
  const run = worker.run();
  const closing: Array<() => Promise<void>> = [];
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
  if (config.metrics.temporalAddress) console.log(`Worker metrics (Temporal SDK): http://${config.metrics.temporalAddress}/metrics`);
  if (!deps.besideApi && config.metrics.token !== undefined) {
    // No API in this process: its own metrics (documents, firm notifications, cases) get a port of their own.
    const metricsServer = serveWorkerMetrics(config.metrics.workerPort, config.metrics.token);
    closing.push(async () => void (await new Promise<void>((resolve) => metricsServer.close(() => resolve()))));
    console.log(`Metrics:      http://127.0.0.1:${config.metrics.workerPort}/metrics  (Bearer METRICS_TOKEN)`);
  }
  return {
    run,
    stop: async () => {
      for (const close of closing) await close();
      // The SDK already begins draining on SIGINT/SIGTERM by itself; ask only if it has not.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
      await connection.close();
      await batchClient.connection.close();
    },
  };
}
