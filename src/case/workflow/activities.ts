/**
 * The case workflow's activities with their timeouts and retry policies. Activities signal bad
 * data with the non-retryable BadData failure; everything else is retried with backoff.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
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
 * Version 6 runs the short database steps (the read model, the evidence assessment, the claim,
 * the firm's choice, a payment) as local activities: in the worker, beside the workflow task that
 * asks for them, recorded as markers, with no task through the server and back. A case to its
 * demand letter then costs two workflow tasks and one activity task instead of a dozen, which is
 * what lets a batch of ten thousand loans through one Temporal server. Same timeouts and retries
 * as before; steps that render (the evidence bundle's sheets, the documents) or call out (a firm's
 * webhook) stay activities, heartbeating and retried on any worker (the demand letter until
 * version 7, below).
 */
const LOCAL_DATABASE_STEPS = 'local-database-steps';

const localRecords = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const localChecks = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

type DatabaseStep = 'openCase' | 'syncCase' | 'assessEvidence' | 'calculateCaseClaim' | 'chooseLawFirm' | 'recordPayment';

/** The short database steps, as local activities in cases that started at version 6 or reached it (patch local-database-steps). */
export function databaseSteps(): Pick<CaseActivities, DatabaseStep> {
  const local = patched(LOCAL_DATABASE_STEPS);
  const [r, c] = local ? [localRecords, localChecks] : [records, checks];
  return {
    openCase: r.openCase,
    syncCase: r.syncCase,
    assessEvidence: c.assessEvidence,
    calculateCaseClaim: c.calculateCaseClaim,
    chooseLawFirm: c.chooseLawFirm,
    recordPayment: c.recordPayment,
  };
}

/** Documents are tried ten times with backoff, then the case shows the failure and waits for a change. */
const DOCUMENT_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 } as const;

/**
 * Document generation heartbeats after each document, so a worker that dies mid-packet is noticed
 * within the heartbeat timeout and the packet is regenerated elsewhere (idempotently).
 */
export const documents = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: DOCUMENT_RETRY,
});

/**
 * Version 7 makes the demand letter (the letter and its enclosure, three renderings of tens of
 * milliseconds) a local activity too: the worker that runs the case's first workflow task renders
 * it and the case reaches demand_issued within that one task, with no activity task and second
 * workflow task through the server (in a 1,000-loan batch: 1.33× the bare baseline instead of
 * 1.42×, the server's CPU per case 27 ms instead of 46). Updates and queries wait for the task
 * meanwhile (the SDK ends it every 8 s). A worker that dies meanwhile lets the task time out, and
 * the next worker runs the step again (idempotently: documents already stored are kept). The
 * lawsuit documents (a dozen renderings and the exhibits) stay an activity that heartbeats.
 */
const LOCAL_DEMAND_LETTER = 'local-demand-letter';

const localDocuments = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '2 minutes', retry: DOCUMENT_RETRY });

/** The demand letter's step: a local activity in cases that reached it at version 7 (patch local-demand-letter). */
export function demandLetterStep(): CaseActivities['issueDemandLetter'] {
  return patched(LOCAL_DEMAND_LETTER) ? localDocuments.issueDemandLetter : documents.issueDemandLetter;
}

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
