// Every workflow type the worker registers.
export { caseWorkflow } from '../src/case/workflow/workflow.ts';
export { escalationBatchWorkflow } from '../src/batch/workflow/workflow.ts';
