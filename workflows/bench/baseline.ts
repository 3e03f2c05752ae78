/**
 * The benchmark's yardstick: a workflow that runs `count` activities that do nothing, one after
 * the other — what Temporal itself costs for a case's steps, without the case's work.
 */
import { proxyActivities } from '@temporalio/workflow';

export interface BaselineActivities {
  doNothing(): Promise<void>;
}

const { doNothing } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

export async function baselineWorkflow(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await doNothing();
}
