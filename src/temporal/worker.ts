import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, type NativeConnectionOptions, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Logger as PinoLogger } from '../logging/logger.ts';
import { type TemporalTarget, tlsOptions } from './connection.ts';

/** The workflows' entry module: everything it exports is registered as a workflow type. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/**
 * The modules every workflow shares, evaluated once per workflow thread instead of once per
 * workflow: zod's own modules. A workflow otherwise evaluates its whole module graph when it is
 * created, and again when it is replayed after eviction from the cache. The SDK deep-freezes what
 * it preloads, so only code without a workflow's own state can be preloaded; zod's module objects
 * qualify, while schemas can not (zod binds their methods lazily onto each schema object).
 */
const preloadModules = [fileURLToPath(import.meta.resolve('zod'))];

/** Bundles the workflows of `entry` (default: the service's); tests and benchmarks share one bundle across many workers. */
export function bundleWorkflows(entry = workflowsPath): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: entry, preloadModules, logger: { debug() {}, info() {}, warn: console.warn, error: console.error, trace() {}, log() {} } });
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
    ...(setup.bundle ? { workflowBundle: setup.bundle } : { workflowsPath, bundlerOptions: { preloadModules } }),
    ...(setup.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: setup.maxCachedWorkflows }),
    // A worker shuts down by finishing what it holds; the rest is picked up by another worker.
    shutdownGraceTime: '10s',
  });
}

/**
 * Routes the SDK's own log lines (worker state, activity and workflow loggers) into our JSON
 * logger, so every line the process writes has one format and passes the same redaction. With
 * `metricsAddress` (TEMPORAL_METRICS_ADDRESS, host:port), the SDK's own worker metrics (task
 * slots, poll and schedule-to-start latencies, workflow and activity counts; names `temporal_…`)
 * are served for Prometheus at http://<metricsAddress>/metrics by the SDK's core.
 * Must run before the first connection or worker is created.
 */
export function installTemporalRuntime(logger: PinoLogger, metricsAddress?: string): void {
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => logger[levels[entry.level]]({ ...entry.meta, temporal: true }, entry.message)),
    ...(metricsAddress === undefined ? {} : { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }),
  });
}
