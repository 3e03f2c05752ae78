/**
 * What the pieces of the case workflow share: the run's state and the few operations that change
 * it or the read model. The workflow (workflow.ts) implements it; commands (commands.ts) and
 * deadlines (deadline-actions.ts) act through it.
 */

import type { CASE_CONFLICT, CaseState, CaseWorkflowInput, ClaimSummary, Closure, DeadlineKind, FirmNotificationType, RecordedEvent, UNPROCESSABLE } from '../contract.ts';

export interface CaseContext {
  readonly input: CaseWorkflowInput;
  readonly state: CaseState;
  /** An event with its idempotency key, to record later (or to hand to an activity that records it). */
  newEvent(type: string, data: Record<string, unknown>, actor?: string): RecordedEvent;
  /** Queues an event for the read model (written by the next sync). */
  record(type: string, data: Record<string, unknown>, actor?: string): void;
  /** The read model lags the state: the next sync writes it. */
  markDirty(): void;
  /** Writes queued events and the case row now. */
  sync(): Promise<void>;
  /** Recalculates the claim and limitation as of today; failures leave the last ones shown. */
  refreshClaim(): Promise<void>;
  noteClaim(claim: ClaimSummary): void;
  addDeadline(kind: DeadlineKind, date: string, options?: { firesOn?: string; instalment?: number }): void;
  restartFirmSilence(): void;
  /** Notifies the case's firm beside the main loop. */
  notify(type: FirmNotificationType): void;
  close(closure: Closure): void;
}

/** Why a command was refused once it came to be processed. */
export type Rejection = { type: typeof CASE_CONFLICT | typeof UNPROCESSABLE; message: string };

export const WORKFLOW_ACTOR = 'system:workflow';
