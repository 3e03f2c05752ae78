// The benchmark's workflow entry: the case and batch workflows and the baseline in one bundle, on one worker.
// Only the escalation and batch benchmarks bundle it; the service's worker registers workflows/index.ts.
export { caseWorkflow } from '../../src/case/workflow/workflow.ts';
export { baselineWorkflow } from './baseline.ts';
export { escalationBatchWorkflow } from '../../src/batch/workflow/workflow.ts';
