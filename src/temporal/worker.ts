import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** The workflows' entry module: everything it exports is registered as a workflow type. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once; tests and benchmarks share one bundle across many workers. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: { debug() {}, info() {}, warn: console.warn, error: console.error, trace() {}, log() {} } });
}

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  dataConverter: DataConverter;
  bundle?: WorkflowBundleWithSourceMap;
}

export function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: setup.activities,
    dataConverter: setup.dataConverter,
    ...(setup.bundle ? { workflowBundle: setup.bundle } : { workflowsPath }),
    // A worker shuts down by finishing what it holds; the rest is picked up by another worker.
    shutdownGraceTime: '10s',
  });
}
