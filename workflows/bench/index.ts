// The benchmark's workflow entry: the case workflow and its baseline in one bundle, on one worker.
// Only bench/escalation.bench.ts bundles it; the service's worker registers workflows/index.ts.
export { caseWorkflow } from '../../src/case/workflow/workflow.ts';
export { baselineWorkflow } from './baseline.ts';
