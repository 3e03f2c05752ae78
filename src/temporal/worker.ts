import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, type NativeConnectionOptions, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger as PinoLogger } from '../logging/logger.ts';
import { type TemporalTarget, tlsOptions } from './connection.ts';

/** The workflows' entry module: everything it exports is registered as a workflow type. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/**
 * Bundles the workflows of `entry` (default: the service's); tests and benchmarks share one bundle
 * across many workers.
 *
 * The bundle preloads nothing (the SDK's `bundlerOptions.preloadModules`). A preloaded module is
 * evaluated once per workflow thread instead of once per workflow, but the SDK then deep-freezes
 * it and every module it loads, and no module our workflows import survives that: zod keeps its
 * configuration in an object it writes on its first schema, and binds a schema's methods onto the
 * schema on first use. (Preloading zod itself does nothing: webpack drops the unused `require` of a
 * package that declares itself free of side effects, as zod does.)
 */
export function bundleWorkflows(entry = workflowsPath): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: entry, logger: { debug() {}, info() {}, warn: console.warn, error: console.error, trace() {}, log() {} } });
}

/** The worker's own connection (the SDK's native one), with the same TLS and API key as the client's. */
export async function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  const options: NativeConnectionOptions = { address: target.address, tls: tlsOptions(target) };
  if (target.apiKey) options.apiKey = target.apiKey;
  return NativeConnection.connect(options);
}

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  dataConverter: DataConverter;
  bundle?: WorkflowBundleWithSourceMap;
  /** WORKER_MAX_CACHED_WORKFLOWS; the SDK's default (sized from the heap) when absent. */
  maxCachedWorkflows?: number;
}

export function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: setup.activities,
    dataConverter: setup.dataConverter,
    ...(setup.bundle ? { workflowBundle: setup.bundle } : { workflowsPath }),
    ...(setup.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: setup.maxCachedWorkflows }),
    // A worker shuts down by finishing what it holds; the rest is picked up by another worker.
    shutdownGraceTime: '10s',
  });
}

const WORKFLOW_TASK_WARN_ENV = 'TEMPORAL_WORKFLOW_TASK_DURATION_WARN_SECONDS';
const WORKFLOW_TASK_WARN_SECONDS = 9;

/**
 * Routes the SDK's own log lines (worker state, activity and workflow loggers) into our JSON
 * logger, so every line the process writes has one format and passes the same redaction. With
 * `metricsAddress` (TEMPORAL_METRICS_ADDRESS, host:port), the SDK's own worker metrics (task
 * slots, poll and schedule-to-start latencies, workflow and activity counts; names `temporal_…`)
 * are served for Prometheus at http://<metricsAddress>/metrics by the SDK's core.
 * Must run before the first connection or worker is created.
 */
export function installTemporalRuntime(logger: PinoLogger, metricsAddress?: string): void {
  // The SDK warns (TMPRL1104) of a workflow task longer than this, 5 s unless set. Ours can hold
  // local activities that wait for a render thread (a case's demand letter) or for a case (a
  // batch's escalations), and the SDK ends such a task every 8 s to record them: only a task past
  // that, a stalled worker, is worth a warning. Set, the operator's value stands.
  process.env[WORKFLOW_TASK_WARN_ENV] ??= String(WORKFLOW_TASK_WARN_SECONDS);
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => logger[levels[entry.level]]({ ...entry.meta, temporal: true }, entry.message)),
    ...(metricsAddress === undefined ? {} : { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }),
  });
}
