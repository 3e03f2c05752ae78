// Every workflow type the worker registers.
export { caseWorkflow } from './case/workflow.ts';
