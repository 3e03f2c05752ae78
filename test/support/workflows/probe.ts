// A test-only workflow: proves a worker in the test process runs workflow code that calls an activity reading PostgreSQL.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../src/activities/index.ts';

const { readCaseStatus } = proxyActivities<Activities>({ startToCloseTimeout: '10s' });

export async function probeCaseStatus(caseId: string): Promise<string | null> {
  return readCaseStatus(caseId);
}
