/**
 * The case workflow's activities with their timeouts and retry policies. Activities signal bad
 * data with the non-retryable BadData failure; everything else is retried with backoff.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../contract.ts';

/** The read model: retried without limit, so that an outage of the database delays the case but never loses a write. */
export const records = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Checks, calculations and choices: a few minutes of retries, then the case shows the failure and waits for a change. */
export const checks = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * Document generation heartbeats after each document, so a worker that dies mid-packet is noticed
 * within the heartbeat timeout and the packet is regenerated elsewhere (idempotently).
 */
export const documents = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * Firm notifications are retried with exponential backoff until the firm acknowledges or the
 * bound (the case's rule, 3 days by default) passes; then the workflow records them undelivered.
 */
export function notificationsWithin(retrySeconds = 3 * 86_400) {
  return proxyActivities<CaseActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: retrySeconds * 1000,
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: ['BadData'] },
  });
}
